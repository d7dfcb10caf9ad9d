// A deterministic, varied corpus of passwords with user inputs, for tests that compare two zxcvbn
// setups (test/unit/dashboard/pruned-dictionary-matchers.test.ts): dictionary words and pairs of
// them, l33t, reversed, dates, keyboard walks, repeats, sequences, word sequences, passwords made
// of the user inputs, the dashboard bench's passwords, random strings, long passphrases and the
// odd cases a lookup in a plain object or lower-casing can trip on. Words come from the
// dictionaries zxcvbn is given (English and common).
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary } from '@zxcvbn-ts/language-en';
import { benchAccounts } from '../../bench/bench-accounts';

export type CorpusItem = { kind: string; password: string; inputs: string[] };

const L33T: Record<string, string[]> = {
  a: ['4', '@'], b: ['8'], c: ['(', '{', '[', '<'], d: ['6', '|)'], e: ['3'], f: ['#'], g: ['6', '9', '&'], h: ['#', '|-|'],
  i: ['1', '!', '|'], k: ['<', '|<'], l: ['!', '1', '|', '7'], m: ['^^', 'nn', '2n'], n: ['//'], o: ['0', '()'], q: ['9'],
  u: ['|_|'], s: ['$', '5'], t: ['+', '7'], v: ['<', '>', '/'], w: ['^/', 'uu', 'vv', '2u'], x: ['%', '><'], z: ['2'],
};

const ODD_CASES: CorpusItem[] = [
  ['', []], ['a', []], ['Z', ['z']], ['constructor', []], ['Constructor1', []], ['myconstructor!', []], ['__proto__', []],
  ['x__proto__y', ['__proto__']], ['constructor', ['constructor']], ['c0nstruct0r', []], ['rotcurtsnoc', []], ['valueOf', []],
  ['hasownproperty', []], ['İstanbul2020', ['İstanbul']], ['İİİİ', ['İ']], ['straße', []], ['ǅemal1987', []], ['パスワード', ['パスワード']],
  ['😀😀😀😀', []], ['p@$$w0rd', []], ['summer2024', []], ['alice', ['alice']], ['Alice.960@team.example', ['alice.960@team.example']],
  ['1234', [' ', '1234']], ['onetwothree', []], ['|_|n|)3r', []], ['^^^^^^', []], ['\u0000\u0001', []], ['x'.repeat(60), []],
].map(([password, inputs]) => ({ kind: 'odd', password: password as string, inputs: inputs as string[] }));

/** `perKind` items of each kind (fewer long ones), the same for a seed. */
export function passwordCorpus(perKind: number, seed = 1): CorpusItem[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const lists = Object.entries({ ...commonDictionary, ...englishDictionary }).map(([name, words]) => ({ name, words: words.map(String) }));
  const big = lists.filter((l) => l.words.length > 1000);
  const sequences = lists.filter((l) => l.words.length <= 100);
  // Mostly common words (low ranks), some from anywhere in the list.
  const word = () => {
    const { words } = pick(big);
    return words[random() < 0.7 ? int(Math.min(words.length, 3000)) : int(words.length)]!;
  };
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const symbols = '!@#$%^&*-_.+=?';
  const chars = (set: string, n: number) => Array.from({ length: n }, () => pick([...set])).join('');
  const digits = () => chars('0123456789', 1 + int(4));
  const caseOf = (text: string) => {
    const r = int(4);
    if (r === 0) return text;
    if (r === 1) return text.charAt(0).toUpperCase() + text.slice(1);
    if (r === 2) return text.toUpperCase();
    return [...text].map((c) => (random() < 0.3 ? c.toUpperCase() : c)).join('');
  };
  const suffix = () => (random() < 0.5 ? '' : random() < 0.6 ? digits() : digits() + pick([...symbols]));
  const l33t = (text: string) => [...text].map((c) => (L33T[c] && random() < 0.6 ? pick(L33T[c]!) : c)).join('');
  const reverse = (text: string) => [...text].reverse().join('');
  const date = () => {
    const [y, m, d] = [1950 + int(80), 1 + int(12), 1 + int(28)];
    const p2 = (n: number) => String(n).padStart(2, '0');
    return pick([`${y}-${p2(m)}-${p2(d)}`, `${d}/${m}/${y}`, `${p2(m)}${p2(d)}${String(y).slice(2)}`, `${y}${p2(m)}${p2(d)}`, `${d}.${m}.${String(y).slice(2)}`, String(y)]);
  };
  const walk = () => {
    const graph = pick(Object.values(adjacencyGraphs)) as Record<string, (string | null)[]>;
    let key = pick(Object.keys(graph));
    let out = key;
    let direction = int(6);
    for (let n = 1 + int(11); n > 0; n--) {
      if (random() < 0.25) direction = int(6);
      const next = graph[key]?.[direction];
      if (!next) break;
      key = next[random() < 0.8 ? 0 : next.length - 1]!;
      out += key;
    }
    return out;
  };
  const person = () => pick(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi']);
  const inputs = () => {
    const site = word();
    return [`${person()}.${int(1000)}@team.example`, `${caseOf(site)} ${pick(['Portal', 'Admin', 'Mail'])} ${int(100)}`, `${site}${int(5000)}.example.com`];
  };
  const kinds: Record<string, () => CorpusItem> = {
    word: () => ({ kind: 'word', password: caseOf(word()) + suffix(), inputs: [] }),
    'two words': () => ({ kind: 'two words', password: [word(), word()].join(pick(['', '-', '_', '.', ' '])) + suffix(), inputs: [] }),
    camel: () => ({ kind: 'camel', password: [word(), word(), word()].map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') + suffix(), inputs: [] }),
    l33t: () => ({ kind: 'l33t', password: l33t(caseOf(word())) + suffix(), inputs: [] }),
    'l33t pair': () => ({ kind: 'l33t pair', password: l33t(word() + word()), inputs: [] }),
    reversed: () => ({ kind: 'reversed', password: reverse(caseOf(word())) + suffix(), inputs: [] }),
    date: () => ({ kind: 'date', password: random() < 0.5 ? date() : word() + date(), inputs: [] }),
    keyboard: () => ({ kind: 'keyboard', password: walk() + (random() < 0.3 ? walk() : ''), inputs: [] }),
    repeat: () => ({ kind: 'repeat', password: pick([chars(letters + '0123456789', 1), chars(letters, 2 + int(3)), word()]).repeat(2 + int(4)), inputs: [] }),
    sequence: () => {
      const start = int(20);
      const step = pick([1, -1, 2, 3]);
      const base = pick([letters, '0123456789', letters.toUpperCase()]);
      const run = Array.from({ length: 3 + int(8) }, (_, k) => base[(((start + k * step) % base.length) + base.length) % base.length]).join('');
      return { kind: 'sequence', password: run + suffix(), inputs: [] };
    },
    'word sequence': () => {
      const { words } = pick(sequences);
      const at = int(words.length);
      const run = words.slice(at, at + 2 + int(3));
      const text = run.join(pick(['', '-', '_', '.', ' ']));
      return { kind: 'word sequence', password: random() < 0.2 ? reverse(text) : random() < 0.3 ? l33t(text) : caseOf(text) + suffix(), inputs: [] };
    },
    'user input': () => {
      const given = inputs();
      const part = pick([given[0]!.split('@')[0]!, given[1]!.split(' ')[0]!, given[2]!.split('.')[0]!, given[0]!]);
      const password = pick([part + digits(), caseOf(part) + pick([...symbols]) + word(), l33t(part.toLowerCase()), reverse(part), part + part]);
      return { kind: 'user input', password, inputs: given };
    },
    random: () => ({ kind: 'random', password: chars(pick([letters, letters + '0123456789', letters + letters.toUpperCase() + '0123456789' + symbols, '0123456789']), 1 + int(32)), inputs: random() < 0.5 ? [] : inputs() }),
    long: () => ({
      kind: 'long',
      password: random() < 0.6 ? Array.from({ length: 5 + int(8) }, word).join(pick([' ', '-', ''])) : chars(letters + '0123456789' + symbols, 40 + int(60)),
      inputs: inputs(),
    }),
  };
  const corpus: CorpusItem[] = [...ODD_CASES];
  // Long passwords cost the stock matchers ~0.1–0.2 s each: fewer of them.
  for (const [kind, make] of Object.entries(kinds)) for (let n = 0; n < (kind === 'long' ? Math.ceil(perKind / 8) : perKind); n++) corpus.push(make());
  // The dashboard bench's own passwords and user inputs.
  for (const account of benchAccounts(perKind)) {
    corpus.push({ kind: 'bench', password: account.password!, inputs: [account.username ?? '', account.name, ...(account.urls ?? []).map((u) => new URL(u).hostname)] });
  }
  return corpus;
}
