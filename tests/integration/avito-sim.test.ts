// The Avito simulator honours the contract (CONTRACT §1–§3, §7), over real HTTP (global fetch = undici).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startAvitoSimulator, type AvitoSim } from '../avito-sim/index';

interface Res {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const credentialsForm = (secret = DEFAULT_CLIENT_SECRET, grant = 'client_credentials') =>
  new URLSearchParams({ grant_type: grant, client_id: DEFAULT_CLIENT_ID, client_secret: secret }).toString();

async function raw(sim: AvitoSim, path: string, init: RequestInit = {}): Promise<Res> {
  const r = await fetch(sim.url + path, init);
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, headers: r.headers, json };
}

async function tokenOf(sim: AvitoSim): Promise<string> {
  const r = await raw(sim, '/token', { method: 'POST', headers: FORM, body: credentialsForm() });
  return r.json.access_token as string;
}

let sim: AvitoSim;
let token: string;
let uid: number;
const api = (path: string, init: RequestInit & { bearer?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.bearer !== null) headers.set('authorization', `Bearer ${init.bearer ?? token}`);
  return raw(sim, path, { ...init, headers });
};
const postJson = (path: string, body: unknown) =>
  api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const chatsPath = (query = '') => `/messenger/v2/accounts/${uid}/chats${query}`;
const messagesPath = (chatId: string, query = '') => `/messenger/v3/accounts/${uid}/chats/${chatId}/messages/${query}`;

beforeAll(async () => {
  sim = await startAvitoSimulator({ seed: 11, chats: 60, u2uShare: 0.2 });
  token = await tokenOf(sim);
  uid = sim.state.sellerId;
});
afterAll(() => sim.close());
afterEach(() => {
  sim.control.clearFaults();
  sim.control.setTierDenied(false);
  sim.control.setEmployeeKey(false);
  sim.control.setPerMinute(null);
});

describe('Avito simulator: token and self', () => {
  it('issues a Bearer token for the configured pair, at /token and /token/', async () => {
    for (const path of ['/token', '/token/']) {
      const r = await raw(sim, path, { method: 'POST', headers: FORM, body: credentialsForm() });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ expires_in: 86400, token_type: 'Bearer' });
      expect(typeof r.json.access_token).toBe('string');
    }
  });

  it('refuses a wrong secret with 401, another grant or a JSON body with 400, and never echoes the secret', async () => {
    const wrong = await raw(sim, '/token', { method: 'POST', headers: FORM, body: credentialsForm('nope-secret') });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(wrong.json)).not.toContain('nope-secret');
    const grant = await raw(sim, '/token', {
      method: 'POST',
      headers: FORM,
      body: credentialsForm(undefined, 'password'),
    });
    expect(grant.status).toBe(400);
    const json = await raw(sim, '/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(400);
  });

  it('answers /core/v1/accounts/self with an id above 2^31', async () => {
    const r = await api('/core/v1/accounts/self');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id: uid, name: sim.state.sellerName });
    expect(r.json.id).toBeGreaterThan(2 ** 31);
    expect(Object.keys(r.json).sort()).toEqual(['email', 'id', 'name', 'phone', 'phones', 'profile_url']);
  });

  it('answers 401 without a token and 403 Forbidden once the token expired', async () => {
    expect((await api(chatsPath(), { bearer: null })).status).toBe(401);
    let clock = Date.now();
    const short = await startAvitoSimulator({ seed: 1, chats: 3, expiresIn: 60, now: () => clock });
    try {
      const t = (await raw(short, '/token', { method: 'POST', headers: FORM, body: credentialsForm() })).json;
      expect(t.expires_in).toBe(60);
      const self = () =>
        raw(short, '/core/v1/accounts/self', { headers: { authorization: `Bearer ${t.access_token}` } });
      expect((await self()).status).toBe(200);
      clock += 61_000;
      const expired = await self();
      expect(expired.status).toBe(403);
      expect(expired.json).toEqual({ error: { code: 403, message: 'Forbidden' } });
    } finally {
      await short.close();
    }
  });
});

describe('Avito simulator: routes', () => {
  it('answers an unknown path or verb with Kong’s 404 body', async () => {
    const expected = { message: 'no Route matched with those values' };
    expect(await api('/oauth/authorize')).toMatchObject({ status: 404, json: expected });
    expect(await api(chatsPath(), { method: 'DELETE' })).toMatchObject({ status: 404, json: expected });
    expect(await api(`/messenger/v3/webhook`)).toMatchObject({ status: 404, json: expected }); // no GET (CONTRACT §5.5)
  });

  it('serves v3 messages only with the spec’s trailing slash', async () => {
    const chat = sim.state.ordered()[0]!;
    expect((await api(messagesPath(chat.id))).status).toBe(200);
    expect((await api(`/messenger/v3/accounts/${uid}/chats/${chat.id}/messages`)).status).toBe(404);
  });

  it('answers 403 for another account’s user_id in the path', async () => {
    expect((await api(`/messenger/v2/accounts/${uid + 1}/chats`)).status).toBe(403);
  });
});

describe('Avito simulator: chats', () => {
  it('lists item chats only by default, u2u too when asked (comma-joined or repeated)', async () => {
    const counts = sim.control.counts();
    const byDefault = (await api(chatsPath())).json.chats as { id: string }[];
    expect(byDefault).toHaveLength(counts.u2i);
    expect(byDefault.every((c) => c.id.startsWith('u2i-'))).toBe(true);
    expect((await api(chatsPath('?chat_types=u2i,u2u'))).json.chats).toHaveLength(counts.chats);
    expect((await api(chatsPath('?chat_types=u2i&chat_types=u2u'))).json.chats).toHaveLength(counts.chats);
  });

  it('orders chats by last activity, newest first, with no total in the envelope', async () => {
    const r = await api(chatsPath('?chat_types=u2i,u2u'));
    expect(Object.keys(r.json)).toEqual(['chats']);
    const updated = (r.json.chats as { updated: number }[]).map((c) => c.updated);
    expect(updated).toEqual([...updated].sort((a, b) => b - a));
  });

  it('refuses limit outside 1..100 and offset outside 0..1000 with the spec’s 400 body', async () => {
    for (const query of ['?limit=0', '?limit=101', '?offset=1001', '?offset=-1', '?limit=abc']) {
      const r = await api(chatsPath(query));
      expect(r.status, query).toBe(400);
      expect(r.json.error.code).toBe(400);
      expect(typeof r.json.error.message).toBe('string');
    }
    expect((await api(chatsPath('?limit=100&offset=1000'))).status).toBe(200);
  });

  it('pages by limit and offset without overlap', async () => {
    const all = (await api(chatsPath('?chat_types=u2i,u2u'))).json.chats.map((c: { id: string }) => c.id);
    const first = (await api(chatsPath('?chat_types=u2i,u2u&limit=25'))).json.chats.map((c: { id: string }) => c.id);
    const second = (await api(chatsPath('?chat_types=u2i,u2u&limit=25&offset=25'))).json.chats.map(
      (c: { id: string }) => c.id,
    );
    expect([...first, ...second]).toEqual(all.slice(0, 50));
  });

  it('filters unread_only and item_ids', async () => {
    const unread = (await api(chatsPath('?chat_types=u2i,u2u&unread_only=true'))).json.chats;
    expect(unread).toHaveLength(sim.control.counts().unreadChats);
    const item = sim.state.chats.find((c) => c.item)!.item!;
    const byItem = (await api(chatsPath(`?item_ids=${item.id},1`))).json.chats as {
      context: { value: { id: number } };
    }[];
    expect(byItem.length).toBeGreaterThan(0);
    expect(byItem.every((c) => c.context.value.id === item.id)).toBe(true);
  });

  it('moves a chat to the top with a new `updated` when a buyer writes', async () => {
    const bottom = sim.state.ordered().at(-1)!;
    const before = bottom.updated;
    await raw(sim, '/__sim/buyer-writes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: bottom.id, text: 'Ещё продаёте?' }),
    });
    const top = (await api(chatsPath('?chat_types=u2i,u2u&limit=1'))).json.chats[0];
    expect(top.id).toBe(bottom.id);
    expect(top.updated).toBeGreaterThan(before);
    expect(top.last_message).toMatchObject({ direction: 'in', content: { text: 'Ещё продаёте?' } });
  });
});

describe('Avito simulator: messages', () => {
  it('lists messages newest first as a bare array, capped by limit/offset', async () => {
    const chat = sim.state.chats.find((c) => c.messages.length >= 4)!;
    const r = await api(messagesPath(chat.id, '?limit=3'));
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json).toHaveLength(3);
    const created = (r.json as { created: number }[]).map((m) => m.created);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(r.json[0].id).toBe(chat.messages.at(-1)!.id);
    expect((await api(messagesPath(chat.id, '?limit=101'))).status).toBe(400);
  });

  it('does not mark anything read by listing; POST …/read does', async () => {
    const chat = sim.state.chats.find((c) => sim.state.hasUnread(c))!;
    const unread = async () =>
      ((await api(messagesPath(chat.id))).json as { direction: string; is_read: boolean }[]).filter(
        (m) => m.direction === 'in' && !m.is_read,
      ).length;
    expect(await unread()).toBeGreaterThan(0);
    expect(await unread()).toBeGreaterThan(0);
    const read = await api(`/messenger/v1/accounts/${uid}/chats/${chat.id}/read`, { method: 'POST' });
    expect(read).toMatchObject({ status: 200, json: { ok: true } });
    expect(await unread()).toBe(0);
  });

  it('generates every message kind the contract lists, system ones with a flow_id', async () => {
    const many = await startAvitoSimulator({ seed: 5, chats: 80, messagesPerChat: [10, 20] });
    try {
      const all = many.state.chats.flatMap((c) => c.messages);
      const types = new Set(all.map((m) => m.type));
      for (const type of ['text', 'image', 'voice', 'system', 'deleted', 'link', 'item']) expect(types).toContain(type);
      expect(all.filter((m) => m.type === 'system').every((m) => typeof m.content.flow_id === 'string')).toBe(true);
      expect(many.control.counts().u2u).toBeGreaterThan(0);
    } finally {
      await many.close();
    }
  });

  it('generates the same shop for the same seed and clock', async () => {
    const at = () => Date.UTC(2026, 10, 1);
    const [a, b] = await Promise.all([1, 2].map(() => startAvitoSimulator({ seed: 11, chats: 30, now: at })));
    try {
      const shape = (s: AvitoSim) => JSON.stringify(s.state.chats);
      expect(shape(a!)).toEqual(shape(b!));
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });
});

describe('Avito simulator: sending', () => {
  it('sends text up to 1000 characters and refuses 1001 with 400', async () => {
    const chat = sim.state.ordered().at(-2)!;
    const ok = await postJson(`/messenger/v1/accounts/${uid}/chats/${chat.id}/messages`, {
      message: { text: 'я'.repeat(1000) },
      type: 'text',
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ direction: 'out', type: 'text', content: { text: 'я'.repeat(1000) } });
    expect(typeof ok.json.id).toBe('string');
    const long = await postJson(`/messenger/v1/accounts/${uid}/chats/${chat.id}/messages`, {
      message: { text: 'я'.repeat(1001) },
      type: 'text',
    });
    expect(long.status).toBe(400);
    expect(sim.control.sendsWithText('я'.repeat(1000))).toBe(1);
    expect(sim.control.sendsWithText('я'.repeat(1001))).toBe(0);
  });

  it('applies a send whose response is lost, and counts it', async () => {
    const chat = sim.state.ordered()[3]!;
    sim.control.inject({ match: '/messages', method: 'POST', lostResponse: 504 });
    const r = await postJson(`/messenger/v1/accounts/${uid}/chats/${chat.id}/messages`, {
      message: { text: 'Отправлено, но ответ потерян' },
      type: 'text',
    });
    expect(r.status).toBe(504);
    expect(sim.control.sendsWithText('Отправлено, но ответ потерян')).toBe(1);
    expect(chat.messages.at(-1)!.content).toEqual({ text: 'Отправлено, но ответ потерян' });
  });

  it('lets a buyer write while the seller answers: the buyer’s message lands just before', async () => {
    const chat = sim.state.ordered()[5]!;
    sim.control.buyerWritesDuringNextSend(chat.id);
    await postJson(`/messenger/v1/accounts/${uid}/chats/${chat.id}/messages`, { message: { text: 'Ответ' } });
    const [mine, buyers] = (await api(messagesPath(chat.id, '?limit=2'))).json;
    expect(mine).toMatchObject({ direction: 'out', content: { text: 'Ответ' } });
    expect(buyers.direction).toBe('in');
    expect(buyers.is_read).toBe(false);
  });

  it('uploads one image as multipart `uploadfile[]` and sends it; voice files answer URLs', async () => {
    const chat = sim.state.ordered()[1]!;
    const form = new FormData();
    form.append('uploadfile[]', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')], { type: 'image/png' }), 'a.png');
    const upload = await api(`/messenger/v1/accounts/${uid}/uploadImages`, { method: 'POST', body: form });
    expect(upload.status).toBe(200);
    const [imageId] = Object.keys(upload.json);
    expect(Object.keys(upload.json[imageId!]).sort()).toEqual(['1280x960', '140x105', '32x32']);
    const sent = await postJson(`/messenger/v1/accounts/${uid}/chats/${chat.id}/messages/image`, { image_id: imageId });
    expect(sent.json).toMatchObject({ type: 'image', author_id: uid, direction: 'out' });
    const image = await fetch(sent.json.content.image.sizes['140x105']);
    expect(image.headers.get('content-type')).toBe('image/png');
    const voices = await api(`/messenger/v1/accounts/${uid}/getVoiceFiles?voice_ids=v-a,v-b`);
    expect(Object.keys(voices.json.voices_urls)).toEqual(['v-a', 'v-b']);
  });
});

describe('Avito simulator: modes and faults', () => {
  it('tier denied answers 402 Payment required on Messenger paths, not on /self', async () => {
    sim.control.setTierDenied(402);
    expect(await api(chatsPath())).toMatchObject({
      status: 402,
      json: { error: { code: 402, message: 'Payment required' } },
    });
    expect((await api('/core/v1/accounts/self')).status).toBe(200);
  });

  it('an employee key does not see company items’ chats and is refused reading them', async () => {
    const company = sim.state.chats.find((c) => c.item?.company)!;
    sim.control.setEmployeeKey(true);
    const ids = (await api(chatsPath('?chat_types=u2i,u2u'))).json.chats.map((c: { id: string }) => c.id);
    expect(ids).not.toContain(company.id);
    expect(ids.length).toBe(sim.control.counts().chats - sim.control.counts().companyChats);
    expect((await api(messagesPath(company.id))).status).toBe(403);
    expect(
      (await postJson(`/messenger/v1/accounts/${uid}/chats/${company.id}/messages`, { message: { text: 'x' } })).status,
    ).toBe(403);
  });

  it('injects 429 with and without Retry-After and X-RateLimit-* headers', async () => {
    sim.control.inject({ match: '/chats', status: 429, retryAfter: 7, rateLimitHeaders: true });
    sim.control.inject({ match: '/chats', status: 429 });
    const first = await api(chatsPath());
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
    const second = await api(chatsPath());
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBeNull();
    expect(second.headers.get('x-ratelimit-limit')).toBeNull();
    expect((await api(chatsPath())).status).toBe(200);
  });

  it('injects 5xx and connection resets', async () => {
    sim.control.inject({ match: 'messenger', status: 503 });
    sim.control.inject({ match: 'messenger', reset: true });
    expect((await api(chatsPath())).status).toBe(503);
    await expect(api(chatsPath())).rejects.toThrow();
    expect((await api(chatsPath())).status).toBe(200);
  });

  it('with a per-minute window sends X-RateLimit-* on every answer and 429 + Retry-After past it', async () => {
    sim.control.setPerMinute(2);
    const a = await api(chatsPath());
    expect(a.headers.get('x-ratelimit-limit')).toBe('2');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await api(chatsPath())).headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await api(chatsPath());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('is driven over HTTP under /__sim/* as well (for other processes: the host, the CLI, E2E)', async () => {
    const control = (path: string, body?: unknown) =>
      raw(sim, `/__sim/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await control('tier', { denied: 402 })).json).toEqual({ ok: true });
    expect((await api(chatsPath())).status).toBe(402);
    expect((await control('tier', { denied: false })).status).toBe(200);
    expect((await control('inject', { match: '/chats', status: 503, times: 2 })).json.faults).toHaveLength(1);
    expect((await control('faults')).json.faults).toEqual([{ match: '/chats', status: 503, times: 2 }]);
    expect((await control('clear-faults', {})).json).toEqual({ ok: true });
    expect((await control('counts')).json).toMatchObject({ chats: sim.state.chats.length });
    expect((await control('tier', { denied: 'yes' })).status).toBe(400);
    expect((await control('nope', {})).status).toBe(404);
    const sent = (await control('sent')).json;
    expect(sent.sent.length).toBe(sim.state.sent.length);
  });

  it('logs every API request with its raw query', async () => {
    sim.control.resetRecorded();
    await api(chatsPath('?chat_types=u2i,u2u&limit=5'));
    expect(sim.control.requests()).toMatchObject([
      { method: 'GET', path: chatsPath(), rawQuery: 'chat_types=u2i,u2u&limit=5', status: 200 },
    ]);
  });
});
