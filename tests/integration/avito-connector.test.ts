// The Avito connector (src-main/core/avito) against the simulator over real HTTP. The clock and the
// sleep are the connector's own fakes: waits are recorded and advance the clock, nobody waits.
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import {
  avitoErrorMessage,
  createAvitoClient,
  imageSizes,
  verifyAvitoCredentials,
  AvitoApiError,
  type AvitoClientOptions,
} from '../../src-main/core/avito/avito-client';
import { AvitoClientCache } from '../../src-main/core/avito/client-cache';
import { CoreError } from '../../src-main/core/errors';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startAvitoSimulator, type AvitoSim } from '../avito-sim/index';

const CREDS = { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET };

/** A fake clock that sleeping advances; `slept` lists every wait. */
function fakeTime(start = Date.UTC(2026, 11, 1)) {
  const time = { now: start, slept: [] as number[] };
  return {
    time,
    now: () => time.now,
    sleep: async (ms: number) => {
      time.slept.push(ms);
      time.now += ms;
    },
    random: () => 0.5,
  };
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});

function clientFor(sim: AvitoSim, options: AvitoClientOptions = {}) {
  const t = fakeTime();
  const client = createAvitoClient(CREDS, {
    baseUrl: sim.url,
    now: t.now,
    sleep: t.sleep,
    random: t.random,
    ...options,
  });
  open.push(client);
  return { client, time: t.time };
}

const requestsTo = (sim: AvitoSim, fragment: string) => sim.control.requests().filter((r) => r.path.includes(fragment));

async function caught(promise: Promise<unknown>): Promise<AvitoApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AvitoApiError);
  return error as AvitoApiError;
}

/** verifyAvitoCredentials' coded error, and the AvitoApiError behind it. */
async function refusedToConnect(promise: Promise<unknown>): Promise<{ coded: CoreError; cause: AvitoApiError }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoreError);
  const cause = (error as { cause?: unknown }).cause;
  expect(cause).toBeInstanceOf(AvitoApiError);
  return { coded: error as CoreError, cause: cause as AvitoApiError };
}

let sim: AvitoSim;
beforeAll(async () => {
  sim = await startAvitoSimulator({ seed: 21, chats: 150, u2uShare: 0.2 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.control.clearFaults();
  sim.control.setTierDenied(false);
  sim.control.setEmployeeKey(false);
  sim.control.setPerMinute(null);
  sim.control.setMessagesEnvelope(false);
  sim.control.resetRecorded();
});

describe('Avito connector: token', () => {
  it('reads the account from /self, user_id above 2^31 kept exact', async () => {
    const { client } = clientFor(sim);
    expect(await client.getSelf()).toEqual({ userId: sim.state.sellerId, name: sim.state.sellerName });
  });

  it('caches the token: many calls, one token request', async () => {
    const { client } = clientFor(sim);
    const issued = sim.control.tokensIssued;
    await Promise.all([client.getSelf(), client.listChats({ limit: 5 }), client.listChats({ limit: 5, offset: 5 })]);
    expect(sim.control.tokensIssued - issued).toBe(1);
  });

  it('refreshes 60 s before expires_in runs out', async () => {
    const short = await startAvitoSimulator({ seed: 2, chats: 3, expiresIn: 120 });
    open.push(short);
    const { client, time } = clientFor(short);
    await client.getSelf();
    time.now += 59_000;
    await client.getSelf();
    expect(short.control.tokensIssued).toBe(1);
    time.now += 2_000; // 61 s: within the last minute of the token's life
    await client.getSelf();
    expect(short.control.tokensIssued).toBe(2);
  });

  it('a lifetime shorter than the margin refreshes at its half, not before every request', async () => {
    const short = await startAvitoSimulator({ seed: 2, chats: 3, expiresIn: 30 });
    open.push(short);
    const { client, time } = clientFor(short);
    await client.getSelf();
    time.now += 10_000;
    await client.getSelf();
    expect(short.control.tokensIssued).toBe(1);
    time.now += 6_000;
    await client.getSelf();
    expect(short.control.tokensIssued).toBe(2);
  });

  it('refreshes once on 403 (expired token) and the call succeeds', async () => {
    const { client } = clientFor(sim);
    await client.getSelf();
    sim.control.expireTokens();
    const issued = sim.control.tokensIssued;
    sim.control.resetRecorded();
    const page = await client.listChats({ limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(sim.control.tokensIssued - issued).toBe(1);
    expect(requestsTo(sim, '/chats').map((r) => r.status)).toEqual([403, 200]);
  });

  it('refreshes once on 401 (unknown token) and the call succeeds', async () => {
    const { client } = clientFor(sim);
    await client.getSelf();
    sim.control.revokeTokens();
    const issued = sim.control.tokensIssued;
    sim.control.resetRecorded();
    await client.getSelf();
    expect(sim.control.tokensIssued - issued).toBe(1);
    expect(requestsTo(sim, '/self').map((r) => r.status)).toEqual([401, 200]);
  });

  it('concurrent calls refused together refresh the token once', async () => {
    const { client } = clientFor(sim, { pacing: false });
    await client.getSelf();
    sim.control.expireTokens();
    const issued = sim.control.tokensIssued;
    await Promise.all([client.listChats({ limit: 1 }), client.listChats({ limit: 2 }), client.getSelf()]);
    expect(sim.control.tokensIssued - issued).toBe(1);
  });

  it('a second 403 with a fresh token is an error, not a loop', async () => {
    const { client } = clientFor(sim);
    await client.getSelf();
    sim.control.setTierDenied(403);
    sim.control.resetRecorded();
    const error = await caught(client.listChats());
    expect(error.kind).toBe('tier_denied');
    expect(avitoErrorMessage(error)).toEqual({ code: 'avito_tier_denied', params: {} });
    expect(requestsTo(sim, '/chats')).toHaveLength(2);
    expect(requestsTo(sim, '/token')).toHaveLength(1);
  });

  it('bad credentials: the bad_credentials code, no secret in the error, no retry', async () => {
    const { coded, cause } = await refusedToConnect(
      verifyAvitoCredentials(
        { clientId: DEFAULT_CLIENT_ID, clientSecret: 'wrong-secret-value-123' },
        { baseUrl: sim.url },
      ),
    );
    expect(coded.coreMessage).toEqual({ code: 'avito_bad_credentials', params: {} });
    expect(coded.retryable).toBe(false);
    expect(cause).toMatchObject({ kind: 'bad_credentials', status: 401 });
    expect(JSON.stringify([coded.message, cause.message, cause.detail])).not.toContain('wrong-secret-value-123');
    expect(requestsTo(sim, '/token')).toHaveLength(1);
  });
});

describe('Avito connector: one client per account', () => {
  it('shares one client (one token) per account until its credentials change', async () => {
    const cache = new AvitoClientCache({ baseUrl: sim.url });
    open.push({ close: () => cache.closeAll() });
    const issued = sim.control.tokensIssued;
    const first = cache.clientFor(1, CREDS, sim.state.sellerId);
    await first.listChats({ limit: 1 }, { priority: 'user' });
    await first.close(); // the shared handle's close is a no-op
    const again = cache.clientFor(1, { ...CREDS }, sim.state.sellerId);
    await again.listChats({ limit: 1 }, { priority: 'user' });
    expect(sim.control.tokensIssued - issued).toBe(1);
    expect(again.http).toBe(first.http);
    expect(cache.clientFor(1, { ...CREDS, clientSecret: 'another' }).http).not.toBe(first.http);
    expect(cache.clientFor(2, CREDS).http).not.toBe(first.http);
  });
});

describe('Avito connector: secrets', () => {
  it('a proxy echoing the request never gets the client secret or the token into an error', async () => {
    const secret = 'echoed-secret-value-987';
    sim.control.inject({ match: '/token', echo: true });
    const { coded, cause } = await refusedToConnect(
      verifyAvitoCredentials({ clientId: DEFAULT_CLIENT_ID, clientSecret: secret }, { baseUrl: sim.url }),
    );
    expect(cause.detail).toContain('client_secret=[скрыто]');
    expect(JSON.stringify([coded.message, coded.params, cause.message, cause.detail])).not.toContain(secret);

    const { client } = clientFor(sim);
    await client.getSelf();
    sim.control.inject({ match: '/chats', echo: true });
    const echoed = await caught(client.listChats());
    expect(echoed.kind).toBe('bad_request');
    expect(echoed.detail).toMatch(/authorization: Bearer \[скрыто\]/);
    const issued = [...sim.control.tokens.keys()];
    for (const token of issued) expect(JSON.stringify([echoed.message, echoed.detail])).not.toContain(token);
  });
});

describe('Avito connector: connecting', () => {
  it('verifies a key: token, account and Messenger access', async () => {
    expect(await verifyAvitoCredentials(CREDS, { baseUrl: sim.url })).toEqual({
      userId: sim.state.sellerId,
      name: sim.state.sellerName,
    });
  });

  it('a tier without the Messenger API (402) fails with the tier code', async () => {
    sim.control.setTierDenied(402);
    const { coded, cause } = await refusedToConnect(verifyAvitoCredentials(CREDS, { baseUrl: sim.url }));
    expect(coded.code).toBe('avito_tier_denied');
    expect(cause).toMatchObject({ kind: 'tier_denied', status: 402 });
    expect(requestsTo(sim, '/token')).toHaveLength(1); // a 402 is not a token problem: no refresh
  });

  it('no connection is a retryable unavailable code', async () => {
    const { coded } = await refusedToConnect(
      verifyAvitoCredentials(CREDS, { baseUrl: 'http://127.0.0.1:9', maxRetries: 0 }),
    );
    expect(coded.coreMessage).toEqual({ code: 'avito_unavailable', params: { status: null } });
    expect(coded.retryable).toBe(true);
  });

  it('an employee key: the list works, a company item’s chat is refused with the employee code', async () => {
    const company = sim.state.chats.find((c) => c.item?.company)!;
    sim.control.setEmployeeKey(true);
    const { client } = clientFor(sim);
    const error = await caught(client.getChat(company.id));
    expect(error.kind).toBe('employee_key');
    expect(avitoErrorMessage(error).code).toBe('avito_employee_key');
  });
});

describe('Avito connector: chats and messages', () => {
  it('sends chat_types comma-joined, default u2i', async () => {
    const { client } = clientFor(sim);
    await client.listChats({ limit: 2 });
    await client.listChats({ chatTypes: ['u2i', 'u2u'], unreadOnly: true, itemIds: [4_341_979_279, 7], limit: 2 });
    const queries = requestsTo(sim, '/chats').map((r) => r.rawQuery);
    expect(queries).toEqual([
      'chat_types=u2i&limit=2&offset=0',
      'chat_types=u2i,u2u&unread_only=true&item_ids=4341979279,7&limit=2&offset=0',
    ]);
  });

  it('pages stop at a short page, every chat seen once', async () => {
    const { client } = clientFor(sim);
    const seen: string[] = [];
    const pages = [];
    for await (const page of client.chatPages({ chatTypes: ['u2i', 'u2u'], limit: 40 })) {
      pages.push(page);
      seen.push(...page.items.map((c) => c.id));
    }
    expect(pages.map((p) => p.items.length)).toEqual([40, 40, 40, 30]);
    expect(pages.at(-1)).toMatchObject({ last: true, capped: false, invalid: 0 });
    expect(new Set(seen).size).toBe(150);
    expect(seen).toEqual(sim.state.ordered().map((c) => c.id));
  });

  it('pages stop at offset 1000: the rest is beyond Avito’s cap', async () => {
    const big = await startAvitoSimulator({ seed: 3, chats: 1150, u2uShare: 0, messagesPerChat: [1, 1] });
    open.push(big);
    const { client } = clientFor(big, { pacing: false });
    const offsets: number[] = [];
    let last;
    for await (const page of client.chatPages()) {
      offsets.push(page.offset);
      last = page;
    }
    expect(offsets).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(last).toMatchObject({ last: true, capped: true });
    await expect(client.listChats({ offset: 1001 })).rejects.toThrow(RangeError);
    await expect(client.listChats({ limit: 101 })).rejects.toThrow(RangeError);
  });

  it('reads messages newest first without marking them read; markRead does', async () => {
    const chat = sim.state.chats.find((c) => sim.state.hasUnread(c))!;
    const { client } = clientFor(sim);
    const unread = async () => {
      const pages = [];
      for await (const page of client.messagePages(chat.id, { limit: 3 })) pages.push(...page.items);
      expect(pages.map((m) => m.id)).toEqual([...chat.messages].reverse().map((m) => m.id));
      return pages.filter((m) => m.direction === 'in' && !m.is_read).length;
    };
    expect(await unread()).toBeGreaterThan(0);
    expect(await unread()).toBeGreaterThan(0);
    await client.markRead(chat.id);
    expect(await unread()).toBe(0);
    expect(requestsTo(sim, '/messages/').every((r) => r.path.endsWith('/messages/'))).toBe(true);
  });

  it('accepts messages as a bare array or as {messages: […]}', async () => {
    const chat = sim.state.ordered()[0]!;
    const { client } = clientFor(sim);
    const bare = await client.listMessages(chat.id, { limit: 5 });
    sim.control.setMessagesEnvelope(true);
    const wrapped = await client.listMessages(chat.id, { limit: 5 });
    expect(wrapped.items.map((m) => m.id)).toEqual(bare.items.map((m) => m.id));
  });

  it('reads a chat with its item, and exposes image sizes and voice URLs', async () => {
    const { client } = clientFor(sim);
    const u2i = sim.state.chats.find((c) => c.item && !c.item.company)!;
    const chat = await client.getChat(u2i.id);
    expect(chat.context?.value).toMatchObject({ id: u2i.item!.id, title: u2i.item!.title, url: u2i.item!.url });
    const withImage = sim.state.chats.find((c) => c.messages.some((m) => m.type === 'image'));
    if (withImage) {
      const messages = (await client.listMessages(withImage.id)).items;
      const sizes = imageSizes(messages.find((m) => m.type === 'image')!);
      expect(sizes?.['140x105']).toMatch(new RegExp(`^${sim.url}/__img/`));
    }
    expect(await client.getVoiceUrls(['v-1', 'v-2'])).toEqual({
      'v-1': `${sim.url}/__voice/v-1.mp4`,
      'v-2': `${sim.url}/__voice/v-2.mp4`,
    });
  });
});

describe('Avito connector: sending', () => {
  it('sends text and checks the 1000-character limit before sending', async () => {
    const chat = sim.state.ordered()[2]!;
    const { client } = clientFor(sim);
    const sent = await client.sendText(chat.id, 'Здравствуйте! Да, в наличии.');
    expect(sent).toMatchObject({ direction: 'out', type: 'text', content: { text: 'Здравствуйте! Да, в наличии.' } });
    expect(chat.messages.at(-1)!.id).toBe(sent.id);
    const before = sim.control.requests().length;
    const tooLong = await client.sendText(chat.id, 'я'.repeat(1001)).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(CoreError);
    expect((tooLong as CoreError).coreMessage).toEqual({ code: 'reply_too_long', params: { length: 1001, max: 1000 } });
    expect(sim.control.requests().length).toBe(before);
  });

  it('a send whose response is lost is not retried: one message on Avito, an error for the outbox', async () => {
    const chat = sim.state.ordered()[4]!;
    const { client } = clientFor(sim);
    for (const lostResponse of [504, 'reset'] as const) {
      const text = `Ответ с потерянным ответом ${lostResponse}`;
      sim.control.inject({ match: '/messages', method: 'POST', lostResponse });
      const error = await caught(client.sendText(chat.id, text));
      expect(error.kind).toBe('unavailable');
      expect(error.notSent).toBe(false);
      expect(sim.control.sendsWithText(text)).toBe(1);
    }
    expect(requestsTo(sim, '/messages').filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('after a lost response the sent message is found in the chat, and an unsent one is not', async () => {
    const chat = sim.state.ordered()[6]!;
    const { client, time } = clientFor(sim);
    const text = 'Да, отправлю сегодня вечером';
    const since = Date.now();
    time.now = since;
    sim.control.inject({ match: '/messages', method: 'POST', lostResponse: 504 });
    await caught(client.sendText(chat.id, text));
    sim.control.buyerWrites(chat.id, 'Спасибо!'); // the buyer answers meanwhile: ours is no longer the newest
    const found = await client.findSentText(chat.id, text, since);
    expect(found).toMatchObject({ direction: 'out', content: { text } });
    expect(found!.id).toBe(sim.state.sent.at(-1)!.messageId);
    expect(await client.findSentText(chat.id, 'Этого мы не отправляли', since)).toBeNull();
    // An older identical text (before this send) does not count.
    expect(await client.findSentText(chat.id, text, since + 3_600_000)).toBeNull();
  });

  it('a 429 on a send is reported, not retried, and marked not sent', async () => {
    const chat = sim.state.ordered()[4]!;
    const { client } = clientFor(sim);
    sim.control.inject({ match: '/messages', method: 'POST', status: 429, retryAfter: 3 });
    const error = await caught(client.sendText(chat.id, 'Ограничено'));
    expect(error).toMatchObject({ kind: 'rate_limited', notSent: true });
    expect(error.retryAt).not.toBeNull();
    expect(sim.control.sendsWithText('Ограничено')).toBe(0);
  });
});

describe('Avito connector: limits and failures', () => {
  it('429 with Retry-After: the GET waits that long and retries; no page lost or doubled', async () => {
    const { client, time } = clientFor(sim, { pacing: false });
    sim.control.inject({ match: '/chats', status: 429, retryAfter: 2, skip: 1, times: 2 });
    const seen: string[] = [];
    for await (const page of client.chatPages({ chatTypes: ['u2i', 'u2u'], limit: 40 }))
      seen.push(...page.items.map((c) => c.id));
    expect(seen).toEqual(sim.state.ordered().map((c) => c.id));
    expect(time.slept.filter((ms) => ms === 2000)).toHaveLength(2);
    expect(client.stats.rateLimited).toBe(2);
  });

  it('429 without Retry-After: exponential backoff with jitter, then the GET succeeds', async () => {
    const { client, time } = clientFor(sim, { pacing: false });
    sim.control.inject({ match: '/chats', status: 429, times: 2 });
    sim.control.inject({ match: '/chats', status: 429, rateLimitHeaders: true });
    expect((await client.listChats({ limit: 3 })).items).toHaveLength(3);
    // 1 s · 2^n with equal jitter (random 0.5): 750, 1500, 3000.
    expect(time.slept).toEqual([750, 1500, 3000]);
  });

  it('gives up after three retries with rate_limited', async () => {
    const { client } = clientFor(sim, { pacing: false });
    sim.control.inject({ match: '/chats', status: 429, times: 10 });
    const error = await caught(client.listChats());
    expect(error.kind).toBe('rate_limited');
    expect(avitoErrorMessage(error).code).toBe('avito_rate_limited');
    expect(requestsTo(sim, '/chats')).toHaveLength(4);
  });

  it('a Retry-After beyond the cap fails at once with the time Avito gave', async () => {
    const { client, time } = clientFor(sim, { pacing: false });
    sim.control.inject({ match: '/chats', status: 429, retryAfter: 600 });
    const error = await caught(client.listChats());
    expect(error.retryAt?.getTime()).toBe(time.now + 600_000);
    expect(requestsTo(sim, '/chats')).toHaveLength(1);
    expect(client.http.pacer.blockedMs()).toBe(600_000);
  });

  it('5xx and resets on a GET are retried with backoff', async () => {
    const { client } = clientFor(sim, { pacing: false });
    sim.control.inject({ match: '/chats', status: 503 });
    sim.control.inject({ match: '/chats', reset: true });
    expect((await client.listChats({ limit: 2 })).items).toHaveLength(2);
    expect(client.stats.retries).toBe(2);
  });

  it('a 404 from the gateway is not_found with Kong’s words as the detail', async () => {
    const { client } = clientFor(sim);
    const error = await caught(client.getChat('u2i-does-not-exist'));
    expect(error).toMatchObject({ kind: 'not_found', status: 404, detail: 'Not found' });
  });
});

describe('Avito connector: pacing', () => {
  it('spaces background requests a second apart; the seller’s actions do not wait', async () => {
    const { client, time } = clientFor(sim);
    await client.getSelf();
    time.slept.length = 0;
    await client.listChats({ limit: 1 });
    await client.listChats({ limit: 1 });
    await client.listChats({ limit: 1 });
    expect(time.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2000);
    time.slept.length = 0;
    await client.markRead(sim.state.ordered()[0]!.id);
    await client.getChat(sim.state.ordered()[0]!.id);
    expect(time.slept).toEqual([]);
  });

  it('slows down when X-RateLimit-Remaining nears 0', async () => {
    sim.control.setPerMinute(4);
    const { client, time } = clientFor(sim);
    await client.getSelf(); // remaining 3
    await client.listChats({ limit: 1 }); // remaining 2: low
    time.slept.length = 0;
    await client.listChats({ limit: 1 });
    expect(time.slept.reduce((a, b) => a + b, 0)).toBe(5000);
  });
});
