// The in-page collector and the filler against hand-written pages: every label source,
// visibility rules, shadow roots, frames, formless grouping, handles, and typing fallbacks.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FieldDescriptor } from '../../../automation/forms/field-descriptor';
import { type LocatedForm, locateHandle, scanPageForms } from '../../../automation/forms/login-form-detector';
import { fillField, fillOtpSegments } from '../../../automation/forms/form-filler';
import { useSharedBrowser } from './browser-fixture';

const browser = useSharedBrowser();

async function pageWith(html: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><meta charset="utf-8"><body>${html}</body>`);
  return page;
}

/** Pages made by setContent are about:blank documents, whose origin is opaque ("null"). */
const SET_CONTENT_PAGE = { timeoutMs: 5_000, origins: { accountOrigin: 'null', allowed: [] } };

function allFields(forms: LocatedForm[]): FieldDescriptor[] {
  return forms.flatMap((form) => form.group.fields);
}

function fieldNamed(forms: LocatedForm[], name: string): FieldDescriptor {
  const found = allFields(forms).find((field) => field.name === name);
  if (!found) throw new Error(`no field named ${name}`);
  return found;
}

describe('collectFieldsInPage', () => {
  it('reads every source of a label', async () => {
    const page = await pageWith(`
      <form>
        <label for="a">Label for</label><input id="a" name="a">
        <label>Wrapping <input name="b"><select><option>Option text</option></select></label>
        <input name="c" aria-label="Aria label">
        <span id="l1">Labelled</span><span id="l2">by two</span><input name="d" aria-labelledby="l1 l2">
        <input name="e" placeholder="Placeholder">
        <div><span>Nearby text</span><input name="f"></div>
      </form>`);
    const forms = await scanPageForms(page);
    expect(fieldNamed(forms, 'a').labels.forLabel).toBe('Label for');
    expect(fieldNamed(forms, 'b').labels.wrappingLabel).toBe('Wrapping');
    expect(fieldNamed(forms, 'c').labels.ariaLabel).toBe('Aria label');
    expect(fieldNamed(forms, 'd').labels.ariaLabelledBy).toBe('Labelled by two');
    expect(fieldNamed(forms, 'e').labels.placeholder).toBe('Placeholder');
    expect(fieldNamed(forms, 'f').labels.nearbyText).toBe('Nearby text');
  });

  it('reads type, autocomplete tokens, maxlength, inputmode and pattern', async () => {
    const page = await pageWith(`<form><input name="code" type="tel" autocomplete="section-x One-Time-Code" maxlength="6" inputmode="numeric" pattern="\\d{6}"></form>`);
    const field = fieldNamed(await scanPageForms(page), 'code');
    expect(field).toMatchObject({ tag: 'input', type: 'tel', autocomplete: ['section-x', 'one-time-code'], maxLength: 6, inputMode: 'numeric', pattern: '\\d{6}' });
  });

  it('marks hidden, tiny, off-screen, transparent and aria-hidden fields invisible', async () => {
    const page = await pageWith(`
      <form>
        <input name="shown">
        <input name="none" style="display:none">
        <input name="hidden" style="visibility:hidden">
        <input name="transparent" style="opacity:0">
        <input name="tiny" style="width:1px;height:1px;padding:0;border:0">
        <input name="offscreen" style="position:absolute;left:-9999px">
        <div aria-hidden="true"><input name="aria"></div>
        <input type="hidden" name="never">
      </form>`);
    const fields = allFields(await scanPageForms(page));
    expect(fields.filter((field) => field.visible).map((field) => field.name)).toEqual(['shown']);
    expect(fields.map((field) => field.name)).not.toContain('never');
  });

  it('finds fields in open shadow roots and records the path', async () => {
    const page = await pageWith(`<x-card id="outer"></x-card><script>
      const outer = document.querySelector('x-card').attachShadow({ mode: 'open' });
      outer.innerHTML = '<x-inner></x-inner>';
      const inner = outer.querySelector('x-inner').attachShadow({ mode: 'open' });
      inner.innerHTML = '<form><label for="u">User</label><input id="u" name="u"></form>';
    </script>`);
    const field = fieldNamed(await scanPageForms(page), 'u');
    expect(field.shadowPath).toEqual(['x-card#outer', 'x-inner']);
    expect(field.labels.forLabel).toBe('User');
  });

  it('finds fields in iframes and records the frame path', async () => {
    const page = await pageWith(`<iframe srcdoc="<form><input name='framed' type='email'></form>" width="400" height="200"></iframe>`);
    await page.waitForFunction(() => (globalThis as unknown as { frames: { length: number } }).frames.length === 1);
    await page.frames()[1]?.waitForSelector('input');
    const field = fieldNamed(await scanPageForms(page), 'framed');
    expect(field.framePath).toEqual([0]);
    expect(field.visible).toBe(true);
  });

  it('treats fields of a hidden iframe as invisible', async () => {
    const page = await pageWith(`<iframe style="display:none" srcdoc="<form><input name='framed'></form>"></iframe>`);
    await page.frames()[1]?.waitForSelector('input', { state: 'attached' });
    expect(fieldNamed(await scanPageForms(page), 'framed').visible).toBe(false);
  });

  it('groups formless fields by the container that holds their button', async () => {
    const page = await pageWith(`
      <div class="news"><input name="news" type="email"><button>Subscribe</button></div>
      <div class="login"><div><input name="user"></div><div><input name="pass" type="password"><button type="button">Show</button></div>
        <div><span role="button">Sign in</span></div></div>`);
    const forms = await scanPageForms(page);
    const byField = (name: string) => forms.find((form) => form.group.fields.some((field) => field.name === name));
    expect(byField('news')?.group.id).not.toBe(byField('user')?.group.id);
    expect(byField('user')?.group.id).toBe(byField('pass')?.group.id);
    expect(byField('user')?.group.kind).toBe('formless');
    expect(byField('user')?.kind).toBe('login');
    expect(byField('user')?.group.buttons.map((button) => button.text)).toEqual(['Show', 'Sign in']);
  });

  it('keeps a field\'s handle across scans, and the handle finds the element', async () => {
    const page = await pageWith(`<form><input name="user"></form>`);
    const first = fieldNamed(await scanPageForms(page), 'user');
    const forms = await scanPageForms(page);
    expect(fieldNamed(forms, 'user').handle).toBe(first.handle);
    const [form] = forms;
    if (!form) throw new Error('no form');
    expect(await locateHandle(form, first.handle).getAttribute('name')).toBe('user');
  });
});

describe('form filler', () => {
  it('types key by key when the site throws away a value set in one go', async () => {
    const page = await pageWith(`<form><input name="masked" oninput="
      if (this.value.length - (this.dataset.prev || '').length > 1) this.value = this.dataset.prev || '';
      this.dataset.prev = this.value;"></form>`);
    const [form] = await scanPageForms(page);
    if (!form) throw new Error('no form');
    const field = locateHandle(form, fieldNamed([form], 'masked').handle);
    await fillField(field, 'typed slowly', 'username', SET_CONTENT_PAGE);
    expect(await field.inputValue()).toBe('typed slowly');
  });

  it('fails with the field name and without the value when nothing sticks', async () => {
    const page = await pageWith(`<form><input name="stubborn" oninput="this.value = ''"></form>`);
    const [form] = await scanPageForms(page);
    if (!form) throw new Error('no form');
    const field = locateHandle(form, fieldNamed([form], 'stubborn').handle);
    const error = await fillField(field, 'hunter2-secret', 'password', SET_CONTENT_PAGE).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTOMATION_FAILED' });
    expect(String((error as Error).message)).toContain('password');
    expect(String((error as Error).message)).not.toContain('hunter2-secret');
  });

  it('pastes into the first box when the boxes only accept paste', async () => {
    const boxes = Array.from({ length: 6 }, () => '<input maxlength="1" style="width:2rem">').join('');
    const page = await pageWith(`<form>${boxes}</form><script>
      const all = [...document.querySelectorAll('input')];
      all.forEach((box) => {
        box.addEventListener('input', () => { box.value = ''; });
        box.addEventListener('paste', (event) => {
          event.preventDefault();
          const text = event.clipboardData.getData('text');
          all.forEach((b, i) => { b.value = text[i] || ''; });
        });
      });
    </script>`);
    const [form] = await scanPageForms(page);
    if (!form) throw new Error('no form');
    const locators = form.fields.otpSegments.map((box) => locateHandle(form, box.handle));
    expect(locators).toHaveLength(6);
    await fillOtpSegments(locators, '482913', SET_CONTENT_PAGE);
    const values = await Promise.all(locators.map((box) => box.inputValue()));
    expect(values.join('')).toBe('482913');
  });
});
