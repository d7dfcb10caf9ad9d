import { describe, expect, it } from 'vitest';
import { createOtpProvider, waitForCode } from '../../../main/inbox/code-waiter';
import { RecentMessageFeed } from '../../../main/inbox/message-feed';
import { routedMessage } from './message-builders';

const now = () => new Date();

describe('waitForCode', () => {
  it('answers from a mail that arrived before the request but after the submit', async () => {
    const feed = new RecentMessageFeed();
    const submit = now();
    feed.publish(routedMessage({ receivedAt: now(), code: '424242' }));
    await expect(waitForCode(feed, { after: submit, accountId: 'github', timeoutMs: 1_000 })).resolves.toMatchObject({ code: '424242' });
  });

  it('takes the newest of several codes already here: a resend makes the earlier one stale', async () => {
    const feed = new RecentMessageFeed();
    const submit = now();
    feed.publish(routedMessage({ receivedAt: now(), code: '100000' }));
    feed.publish(routedMessage({ receivedAt: now(), code: '200000' }));
    await expect(waitForCode(feed, { after: submit, timeoutMs: 1_000 })).resolves.toMatchObject({ code: '200000' });
  });

  it('waits for the next matching mail and skips the ones that do not match', async () => {
    const feed = new RecentMessageFeed();
    const waiting = waitForCode(feed, { after: now(), accountId: 'github', senderDomains: ['github.com'], timeoutMs: 2_000 });
    feed.publish(routedMessage({ accountIds: ['slack'], code: '000001', receivedAt: now() }));
    feed.publish(routedMessage({ from: 'phish@github.com.evil.example', code: '000002', receivedAt: now() }));
    feed.publish(routedMessage({ category: 'recovery', code: '000003', receivedAt: now() }));
    feed.publish(routedMessage({ category: 'other', code: undefined, receivedAt: now() }));
    feed.publish(routedMessage({ code: '515151', receivedAt: now() }));
    await expect(waiting).resolves.toMatchObject({ code: '515151' });
  });

  it('ignores a code that arrived before the submit', async () => {
    const feed = new RecentMessageFeed();
    feed.publish(routedMessage({ receivedAt: new Date(Date.now() - 600_000) }));
    await expect(waitForCode(feed, { after: now(), timeoutMs: 50 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('stops with CANCELLED when the signal aborts, and stops listening', async () => {
    const feed = new RecentMessageFeed();
    const controller = new AbortController();
    const waiting = waitForCode(feed, { after: now(), timeoutMs: 5_000, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    let listeners = 0;
    feed.subscribe(() => (listeners += 1))();
    feed.publish(routedMessage({ receivedAt: now() }));
    expect(listeners).toBe(0);
  });

  it('refuses at once when the signal is already aborted', async () => {
    await expect(waitForCode(new RecentMessageFeed(), { after: now(), timeoutMs: 5_000, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('createOtpProvider', () => {
  it('only accepts mail that arrived after the provider was made, and never hands out a code twice', async () => {
    const feed = new RecentMessageFeed();
    feed.publish(routedMessage({ receivedAt: new Date(Date.now() - 60_000), code: '999999' }));
    const provider = createOtpProvider(feed, { accountId: 'github', timeoutMs: 1_000 });
    feed.publish(routedMessage({ receivedAt: now(), code: '100001' }));
    await expect(provider()).resolves.toBe('100001');
    const second = provider();
    feed.publish(routedMessage({ receivedAt: now(), code: '200002' }));
    await expect(second).resolves.toBe('200002');
  });
});
