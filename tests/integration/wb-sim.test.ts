// Integration tests of the WB API simulator over real HTTP (global fetch = undici).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim/index';

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
}

async function call(sim: WbSim, path: string, init: RequestInit & { token?: string | null } = {}): Promise<Res> {
  const headers = new Headers(init.headers);
  if (init.token !== null && !headers.has('Authorization')) headers.set('Authorization', init.token ?? TOKEN);
  const r = await fetch(sim.url + path, { ...init, headers });
  const text = await r.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

const TOKEN = makeWbToken();
const jsonInit = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});
const control = async (sim: WbSim, path: string, body?: unknown): Promise<Res> =>
  call(sim, `/__sim/${path}`, body === undefined ? { token: null } : { ...jsonInit('POST', body), token: null });

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('WB simulator: F&Q', () => {
  let sim: WbSim;
  beforeAll(async () => {
    sim = await startWbSimulator({ seed: 42, reviews: 3000, questions: 800, chats: 60, limits: false });
  });
  afterAll(() => sim.close());

  it('serves the F&Q envelope with counts, date-sorted items and X-Ratelimit-Remaining', async () => {
    const r = await call(sim, '/api/v1/feedbacks?isAnswered=false&take=100&skip=0');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-ratelimit-remaining')).not.toBeNull();
    expect(r.json).toMatchObject({ error: false, errorText: '', additionalErrors: null });
    const { countUnanswered, countArchive, feedbacks } = r.json.data;
    const counts = sim.control.counts();
    expect(countUnanswered).toBe(counts.reviews.unanswered);
    expect(countUnanswered + countArchive).toBe(3000);
    expect(feedbacks.length).toBe(Math.min(100, countUnanswered));
    const times = feedbacks.map((f: { createdDate: string }) => Date.parse(f.createdDate));
    expect(times).toEqual([...times].sort((a, b) => b - a)); // default dateDesc
    for (const f of feedbacks) {
      expect(f.state).toBe('none');
      expect(f.answer).toBeNull();
      expect(f.productDetails).toHaveProperty('size');
      expect(f.productValuation).toBeGreaterThanOrEqual(1);
    }
  });

  it('mixes +03:00 and nanosecond createdDate formats', async () => {
    const r = await call(sim, '/api/v1/feedbacks?isAnswered=true&take=1000&skip=0');
    const dates: string[] = r.json.data.feedbacks.map((f: { createdDate: string }) => f.createdDate);
    expect(dates.some((d) => d.endsWith('+03:00'))).toBe(true);
    expect(dates.some((d) => /\.\d{9}Z$/.test(d))).toBe(true);
  });

  it('isAnswered=true means "processed": it includes archived feedbacks with answer null', async () => {
    const r = await call(sim, '/api/v1/feedbacks?isAnswered=true&take=5000&skip=0&order=dateAsc');
    const items = r.json.data.feedbacks as { state: string; answer: unknown }[];
    expect(items.every((f) => f.state === 'wbRu')).toBe(true);
    expect(items.some((f) => f.answer === null)).toBe(true);
    expect(items.some((f) => f.answer !== null)).toBe(true);
    expect(items.length).toBe(sim.control.counts().reviews.processed);
  });

  it('rejects bad list parameters with 400 and the F&Q error envelope', async () => {
    const cases: [string, string][] = [
      ['/api/v1/feedbacks?take=10&skip=0', 'Плохой формат isAnswered'],
      ['/api/v1/feedbacks?isAnswered=yes&take=10&skip=0', 'Плохой формат isAnswered'],
      ['/api/v1/feedbacks?isAnswered=true&skip=0', 'Плохой формат take'],
      ['/api/v1/feedbacks?isAnswered=true&take=5001&skip=0', 'Плохой формат take'],
      ['/api/v1/feedbacks?isAnswered=true&take=10&skip=199991', 'Плохой формат skip'],
      ['/api/v1/feedbacks?isAnswered=true&take=10&skip=0&dateFrom=abc', 'Плохой формат dateFrom'],
      ['/api/v1/feedbacks?isAnswered=true&take=10&skip=0&dateTo=1.5', 'Плохой формат dateTo'],
      ['/api/v1/feedbacks?isAnswered=true&take=10&skip=0&order=new', 'Плохой формат order'],
      ['/api/v1/questions?isAnswered=true&take=6000&skip=5000', 'Плохой формат take'],
      ['/api/v1/questions/count?isAnswered=1', 'Плохой формат isAnswered'],
    ];
    for (const [path, errorText] of cases) {
      const r = await call(sim, path);
      expect(r.status, path).toBe(400);
      expect(r.json, path).toMatchObject({ data: null, error: true, errorText });
      expect(typeof r.json.requestId).toBe('string');
    }
  });

  it('accepts the limits themselves: take 5000 + skip 199990, questions take+skip = 10000', async () => {
    const a = await call(sim, '/api/v1/feedbacks?isAnswered=true&take=5000&skip=199990');
    expect(a.status).toBe(200);
    expect(a.json.data.feedbacks).toEqual([]);
    const b = await call(sim, '/api/v1/questions?isAnswered=true&take=5000&skip=5000');
    expect(b.status).toBe(200);
  });

  it('filters by dateFrom/dateTo in unix seconds and by nmId; count agrees with the list', async () => {
    const all = (await call(sim, '/api/v1/feedbacks?isAnswered=true&take=5000&skip=0&order=dateAsc')).json.data
      .feedbacks;
    const mid = all[Math.floor(all.length / 2)];
    const from = Math.floor(Date.parse(all[100].createdDate) / 1000);
    const to = Math.floor(Date.parse(mid.createdDate) / 1000);
    const r = await call(sim, `/api/v1/feedbacks?isAnswered=true&take=5000&skip=0&dateFrom=${from}&dateTo=${to}`);
    const got = r.json.data.feedbacks as { createdDate: string; id: string }[];
    expect(got.length).toBeGreaterThan(0);
    for (const f of got) {
      const s = Date.parse(f.createdDate) / 1000;
      expect(s).toBeGreaterThanOrEqual(from);
      expect(s).toBeLessThan(to + 1);
    }
    expect(got.map((f) => f.id)).toContain(mid.id);
    const count = await call(sim, `/api/v1/feedbacks/count?dateFrom=${from}&dateTo=${to}`);
    expect(count.json.data).toBe(got.length); // isAnswered defaults to true

    const nmId = mid.productDetails.nmId;
    const byNm = (await call(sim, `/api/v1/feedbacks?isAnswered=true&take=5000&skip=0&nmId=${nmId}`)).json.data
      .feedbacks;
    expect(byNm.length).toBeGreaterThan(0);
    expect(byNm.every((f: { productDetails: { nmId: number } }) => f.productDetails.nmId === nmId)).toBe(true);
  });

  it('pages with skip/take without overlap', async () => {
    const p1 = (await call(sim, '/api/v1/questions?isAnswered=true&take=50&skip=0')).json.data.questions;
    const p2 = (await call(sim, '/api/v1/questions?isAnswered=true&take=50&skip=50')).json.data.questions;
    const both = (await call(sim, '/api/v1/questions?isAnswered=true&take=100&skip=0')).json.data.questions;
    expect([...p1, ...p2].map((q: { id: string }) => q.id)).toEqual(both.map((q: { id: string }) => q.id));
  });

  it('feedback?id= and question?id= return one item, 422 for unknown ids', async () => {
    const f = sim.state.feedbacks[5]!;
    const ok = await call(sim, `/api/v1/feedback?id=${f.id}`);
    expect(ok.json.data.id).toBe(f.id);
    const miss = await call(sim, '/api/v1/feedback?id=nope');
    expect(miss.status).toBe(422);
    expect(miss.json.errorText).toBe('Невозможно получить отзыв по id');
    const qmiss = await call(sim, '/api/v1/question?id=nope');
    expect(qmiss.status).toBe(422);
    expect(qmiss.json.errorText).toBe('Невозможно получить вопрос по id');
  });

  it('count-unanswered and new-feedbacks-questions match the state', async () => {
    const fb = await call(sim, '/api/v1/feedbacks/count-unanswered');
    expect(fb.json.data.countUnanswered).toBe(sim.control.counts().reviews.unanswered);
    expect(typeof fb.json.data.countUnansweredToday).toBe('number');
    const q = await call(sim, '/api/v1/questions/count-unanswered');
    expect(q.json.data.countUnanswered).toBe(sim.control.counts().questions.unanswered);
    const n = await call(sim, '/api/v1/new-feedbacks-questions');
    expect(n.json.data).toEqual({ hasNewQuestions: expect.any(Boolean), hasNewFeedbacks: expect.any(Boolean) });
  });

  it('POST feedbacks/answer: 204 empty even for an unknown id; content-type and length checks', async () => {
    const unknown = await call(
      sim,
      '/api/v1/feedbacks/answer',
      jsonInit('POST', { id: 'doesNotExist000000', text: 'Спасибо!' }),
    );
    expect(unknown.status).toBe(204);
    expect(unknown.text).toBe('');
    expect(sim.control.recorded().feedbackAnswers.at(-1)).toMatchObject({ id: 'doesNotExist000000', known: false });

    const noCt = await call(sim, '/api/v1/feedbacks/answer', {
      method: 'POST',
      body: new Uint8Array(Buffer.from('{"id":"x","text":"ok"}')),
    });
    expect(noCt.status).toBe(400);
    expect(noCt.json).toMatchObject({
      title: 'bad request',
      origin: 'fbapi',
      detail: 'content-type header not specified',
    });
    const js = await call(sim, '/api/v1/feedbacks/answer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/javascript' },
      body: '{}',
    });
    expect(js.json.detail).toBe('not a json content-type: application/javascript');
    const badJson = await call(sim, '/api/v1/feedbacks/answer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    expect(badJson.json.detail).toBe('Неверный синтаксис JSON');
    const short = await call(sim, '/api/v1/feedbacks/answer', jsonInit('POST', { id: 'x', text: 'a' }));
    expect(short.status).toBe(400);
    const long = await call(sim, '/api/v1/feedbacks/answer', jsonInit('POST', { id: 'x', text: 'я'.repeat(5001) }));
    expect(long.status).toBe(400);
  });

  it('answering moves a feedback to wbRu; the answer may be edited exactly once', async () => {
    const before = sim.control.counts().reviews.unanswered;
    const target = sim.state.feedbacks.find((f) => f.state === 'none')!;
    const post = await call(
      sim,
      '/api/v1/feedbacks/answer',
      jsonInit('POST', { id: target.id, text: 'Спасибо за отзыв!' }),
    );
    expect(post.status).toBe(204);
    let f = (await call(sim, `/api/v1/feedback?id=${target.id}`)).json.data;
    expect(f.state).toBe('wbRu');
    expect(f.answer).toEqual({ text: 'Спасибо за отзыв!', state: 'wbRu', editable: true });
    expect(sim.control.counts().reviews.unanswered).toBe(before - 1);

    const edit1 = await call(
      sim,
      '/api/v1/feedbacks/answer',
      jsonInit('PATCH', { id: target.id, text: 'Исправленный ответ' }),
    );
    expect(edit1.status).toBe(204);
    f = (await call(sim, `/api/v1/feedback?id=${target.id}`)).json.data;
    expect(f.answer).toMatchObject({ text: 'Исправленный ответ', editable: false });

    const edit2 = await call(
      sim,
      '/api/v1/feedbacks/answer',
      jsonInit('PATCH', { id: target.id, text: 'Второе исправление' }),
    );
    expect(edit2.status).toBe(204); // the spec lists no error; the edit is silently not applied
    f = (await call(sim, `/api/v1/feedback?id=${target.id}`)).json.data;
    expect(f.answer.text).toBe('Исправленный ответ');
    const edits = sim.control.recorded().feedbackEdits.filter((e) => e.id === target.id);
    expect(edits.map((e) => e.applied)).toEqual([true, false]);
    expect(edits[1]?.reason).toBe('already edited');
  });

  it('PATCH questions: view, answer, edit once then 422, reject, 404 and 400', async () => {
    const open = sim.state.questions.filter((q) => q.state === 'suppliersPortalSynch');
    const [qa, qb] = [open[0]!, open[1]!];
    const view = await call(sim, '/api/v1/questions', jsonInit('PATCH', { id: qa.id, wasViewed: true }));
    expect(view.json).toEqual({ data: null, error: false, errorText: '', additionalErrors: null });
    expect(sim.state.questionById.get(qa.id)?.wasViewed).toBe(true);

    const ans = await call(
      sim,
      '/api/v1/questions',
      jsonInit('PATCH', { id: qa.id, answer: { text: 'Да, подойдёт.' }, state: 'wbRu' }),
    );
    expect(ans.status).toBe(200);
    let q = (await call(sim, `/api/v1/question?id=${qa.id}`)).json.data;
    expect(q.state).toBe('wbRu');
    expect(q.answer).toMatchObject({ text: 'Да, подойдёт.', editable: true });

    const e1 = await call(
      sim,
      '/api/v1/questions',
      jsonInit('PATCH', { id: qa.id, answer: { text: 'Да, подойдёт на 100%.' }, state: 'wbRu' }),
    );
    expect(e1.status).toBe(200);
    const e2 = await call(
      sim,
      '/api/v1/questions',
      jsonInit('PATCH', { id: qa.id, answer: { text: 'Третий вариант' }, state: 'wbRu' }),
    );
    expect(e2.status).toBe(422);
    expect(e2.json.errorText).toBe('Не удалось отредактировать вопрос');
    q = (await call(sim, `/api/v1/question?id=${qa.id}`)).json.data;
    expect(q.answer).toMatchObject({ text: 'Да, подойдёт на 100%.', editable: false });

    const rej = await call(
      sim,
      '/api/v1/questions',
      jsonInit('PATCH', { id: qb.id, answer: { text: 'Спам' }, state: 'none' }),
    );
    expect(rej.status).toBe(200);
    expect((await call(sim, `/api/v1/question?id=${qb.id}`)).json.data.state).toBe('none');

    const missing = await call(sim, '/api/v1/questions', jsonInit('PATCH', { id: 'nope', wasViewed: true }));
    expect(missing.status).toBe(404);
    expect(missing.json.errorText).toBe('Не найден отзыв');
    const bad = await call(sim, '/api/v1/questions', jsonInit('PATCH', { id: qa.id, state: 'wbRu' }));
    expect(bad.status).toBe(400);

    const rec = sim.control.recorded();
    expect(rec.questionViews.some((v) => v.id === qa.id)).toBe(true);
    expect(rec.questionAnswers.some((v) => v.id === qa.id)).toBe(true);
    expect(rec.questionEdits.filter((v) => v.id === qa.id).map((v) => v.applied)).toEqual([true, false]);
    expect(rec.questionRejections.some((v) => v.id === qb.id)).toBe(true);
  });

  it('404 problem+json for an unknown path', async () => {
    const r = await call(sim, '/api/v1/nothing');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.title).toBe('path not found');
  });

  it('ping answers {Status, TS}', async () => {
    const r = await call(sim, '/ping');
    expect(r.json.Status).toBe('OK');
    expect(r.json.TS).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:00$/);
  });
});

describe('WB simulator: chat', () => {
  let sim: WbSim;
  beforeAll(async () => {
    sim = await startWbSimulator({ seed: 7, reviews: 10, questions: 10, chats: 80, limits: false });
  });
  afterAll(() => sim.close());

  it('lists chats with replySign distinct from chatID, goodCard and lastMessage', async () => {
    const r = await call(sim, '/api/v1/seller/chats');
    expect(r.json.errors).toBeNull();
    expect(r.json.result).toHaveLength(80);
    for (const c of r.json.result) {
      expect(c.chatID).toMatch(/^1:[0-9a-f-]{36}$/);
      expect(c.replySign).toMatch(/^1:[0-9a-f-]{36}:\d+:[0-9a-f]{128}$/);
      expect(c.replySign).not.toBe(c.chatID);
      expect(c.goodCard).toMatchObject({
        nmID: expect.any(Number),
        price: expect.any(Number),
        priceCurrency: 'RUB',
        rid: expect.any(String),
        size: expect.any(String),
      });
      expect(c.lastMessage.addTimestamp).toBeGreaterThan(1e12); // ms
    }
  });

  it('walks the events cursor until totalEvents == 0, collecting every event exactly once', async () => {
    const seen: {
      eventID: string;
      addTimestamp: number;
      isNewChat?: boolean;
      replySign?: string;
      message?: unknown;
    }[] = [];
    let next: number | undefined;
    let pages = 0;
    for (;;) {
      const r = await call(sim, `/api/v1/seller/events${next === undefined ? '' : `?next=${next}`}`);
      expect(r.status).toBe(200);
      const res = r.json.result;
      expect(res.totalEvents).toBe(res.events.length);
      expect(res.events.length).toBeLessThanOrEqual(50);
      pages++;
      if (res.totalEvents === 0) {
        expect(res.next).toBe(next);
        break;
      }
      for (const e of res.events) expect(e.addTimestamp).toBeGreaterThan(next ?? 0);
      expect(res.next).toBe(res.events.at(-1).addTimestamp);
      seen.push(...res.events);
      next = res.next;
    }
    expect(pages).toBeGreaterThan(2);
    expect(seen.length).toBe(sim.control.counts().chatEvents.total);
    expect(new Set(seen.map((e) => e.eventID)).size).toBe(seen.length);
    const ts = seen.map((e) => e.addTimestamp);
    expect(new Set(ts).size).toBe(ts.length);
    expect(seen.filter((e) => e.replySign !== undefined).every((e) => e.isNewChat === true)).toBe(true);
    expect(seen.filter((e) => e.isNewChat).length).toBe(80);
    expect(seen.some((e) => e.message === undefined)).toBe(true);
  });

  it('rejects next=0 and non-numbers with the proxy-chats 400', async () => {
    const zero = await call(sim, '/api/v1/seller/events?next=0');
    expect(zero.status).toBe(400);
    expect(zero.json).toMatchObject({
      status: 400,
      title: 'Bad Request',
      origin: 'proxy-chats',
      detail: 'Invalid value for "next"',
      error: 'Invalid value for "next"',
    });
    const nan = await call(sim, '/api/v1/seller/events?next=abc');
    expect(nan.json.detail).toBe('Invalid number');
  });

  it('sends a multipart message that then shows up as a seller event', async () => {
    const chat = sim.state.chats[3]!;
    const cursor = sim.state.events.at(-1)!.addTimestamp;
    const fd = new FormData();
    fd.append('replySign', chat.replySign);
    fd.append('message', 'Здравствуйте! Отправили замену.');
    fd.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'фото.png');
    const r = await call(sim, '/api/v1/seller/message', { method: 'POST', body: fd });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      result: { addTime: expect.any(Number), chatID: chat.chatID, sign: chat.replySign },
      errors: [],
    });

    const ev = await call(sim, `/api/v1/seller/events?next=${cursor}`);
    const mine = ev.json.result.events.find((e: { chatID: string }) => e.chatID === chat.chatID);
    expect(mine).toMatchObject({
      sender: 'seller',
      source: 'seller-public-api',
      message: { text: 'Здравствуйте! Отправили замену.' },
    });
    expect(mine.addTimestamp).toBe(r.json.result.addTime);
    const img = mine.message.attachments.images[0];
    const dl = await fetch(`${sim.url}/api/v1/seller/download/${img.downloadID}`, {
      headers: { Authorization: TOKEN },
    });
    expect(dl.status).toBe(200);
    expect(Buffer.from(await dl.arrayBuffer()).equals(PNG)).toBe(true);

    const sent = sim.control.recorded().chatMessages.at(-1)!;
    expect(sent).toMatchObject({ replySign: chat.replySign, text: 'Здравствуйте! Отправили замену.' });
    expect(sent.files[0]?.name).toBe('фото.png');
  });

  it('rejects bad messages: unknown replySign, long text, unsupported file', async () => {
    const send = async (fields: Record<string, string>, file?: [Blob, string]): Promise<Res> => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      if (file) fd.append('file', file[0], file[1]);
      return call(sim, '/api/v1/seller/message', { method: 'POST', body: fd });
    };
    const sign = sim.state.chats[0]!.replySign;
    const unknown = await send({ replySign: '1:00000000-0000-4000-8000-000000000000:1:ab', message: 'Привет' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.json).toMatchObject({ origin: 'proxy-chats', detail: 'Invalid signature' });
    const long = await send({ replySign: sign, message: 'я'.repeat(1001) });
    expect(long.json.detail).toBe('Invalid value for "message"');
    const video = await send({ replySign: sign }, [
      new Blob([new Uint8Array([0, 0, 0, 0x18])], { type: 'video/mp4' }),
      'video.mp4',
    ]);
    expect(video.status).toBe(400);
    expect(video.json.detail).toMatch(/"video\.mp4" has unsupported mime type$/);
  });

  it('download/{id}: binary, 202 under moderation, 451 failed moderation, 400 invalid fileID', async () => {
    const files = [...sim.state.files.values()];
    const byState = (m: string) => files.find((f) => f.moderation === m && !f.data)!;
    const ok = await fetch(`${sim.url}/api/v1/seller/download/${byState('ok').downloadID}`, {
      headers: { Authorization: TOKEN },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe(byState('ok').contentType);
    expect((await ok.arrayBuffer()).byteLength).toBe(byState('ok').size);
    const pending = await call(sim, `/api/v1/seller/download/${byState('pending').downloadID}`);
    expect(pending.status).toBe(202);
    expect(pending.json).toEqual({ moderationState: 'pending', retrySeconds: 30 });
    const rejected = await call(sim, `/api/v1/seller/download/${byState('rejected').downloadID}`);
    expect(rejected.status).toBe(451);
    expect(rejected.json).toMatchObject({ status: 451, origin: 'proxy-chats', detail: 'moderation error' });
    const bad = await call(sim, '/api/v1/seller/download/not-a-file');
    expect(bad.status).toBe(400);
    expect(bad.json.title).toBe('invalid fileID');
  });
});

describe('WB simulator: auth', () => {
  let sim: WbSim;
  beforeAll(async () => {
    sim = await startWbSimulator({ seed: 3, reviews: 20, questions: 20, chats: 3, limits: false });
  });
  afterAll(() => sim.close());

  const expect401 = (r: Res, detail: RegExp) => {
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json).toMatchObject({
      title: 'unauthorized',
      status: 401,
      statusText: 'Unauthorized',
      origin: 's2s-api-auth-catalog',
    });
    expect(r.json.detail).toMatch(detail);
  };
  const fb = '/api/v1/feedbacks/count-unanswered';

  it('accepts a raw token and a Bearer token', async () => {
    expect((await call(sim, fb)).status).toBe(200);
    expect((await call(sim, fb, { token: `Bearer ${TOKEN}` })).status).toBe(200);
  });

  it('401 for a missing, malformed or expired token', async () => {
    expect401(await call(sim, fb, { token: null }), /empty/);
    expect401(await call(sim, fb, { token: 'abc.def' }), /malformed/);
    const [h, p] = TOKEN.split('.');
    expect401(await call(sim, fb, { token: `${h}.${p}.bad+sig/==` }), /could not base64 decode signature/);
    expect401(await call(sim, fb, { token: `${h}.${p}.` }), /malformed/);
    expect401(await call(sim, fb, { token: `${h}.bm90IGpzb24.${TOKEN.split('.')[2]}` }), /malformed/);
    expect401(await call(sim, fb, { token: makeWbToken({ expiresAt: new Date(Date.now() - 1000) }) }), /expired/);
  });

  it('401 for a token of the wrong category (bit 7 F&Q, bit 9 chat)', async () => {
    const chatOnly = makeWbToken({ scopes: ['chat'] });
    const fqOnly = makeWbToken({ scopes: ['feedbacks'] });
    expect401(await call(sim, fb, { token: chatOnly }), /scope/);
    expect((await call(sim, '/api/v1/seller/chats', { token: chatOnly })).status).toBe(200);
    expect401(await call(sim, '/api/v1/seller/chats', { token: fqOnly }), /scope/);
    expect((await call(sim, fb, { token: fqOnly })).status).toBe(200);
    expect401(await call(sim, '/ping', { token: makeWbToken({ scopes: [] }) }), /scope/);
  });

  it('read-only tokens can read but not write', async () => {
    const ro = makeWbToken({ readOnly: true });
    expect((await call(sim, '/api/v1/feedbacks?isAnswered=false&take=1&skip=0', { token: ro })).status).toBe(200);
    const w = await call(sim, '/api/v1/feedbacks/answer', {
      ...jsonInit('POST', { id: 'x', text: 'Спасибо' }),
      token: ro,
    });
    expect401(w, /read-only/);
    const q = await call(sim, '/api/v1/questions', { ...jsonInit('PATCH', { id: 'x', wasViewed: true }), token: ro });
    expect401(q, /read-only/);
  });

  it('makeWbToken builds the documented payload', () => {
    const decode = (t: string) => JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString());
    const personal = decode(makeWbToken());
    expect(personal).toMatchObject({ acc: 3, for: 'self', s: (1 << 7) | (1 << 9) });
    expect(personal.exp * 1000 - Date.now()).toBeGreaterThan(119 * 86_400_000);
    expect(decode(makeWbToken({ type: 'service' })).for).toMatch(/^asid:\d+$/);
    const test = decode(makeWbToken({ type: 'test' }));
    expect(test).toMatchObject({ acc: 2, t: true });
    expect(test.for).toBeUndefined();
    expect(decode(makeWbToken({ type: 'base', readOnly: true })).s & (1 << 30)).not.toBe(0);
    expect(JSON.parse(Buffer.from(makeWbToken().split('.')[0]!, 'base64url').toString())).toMatchObject({
      alg: 'ES256',
      typ: 'JWT',
    });
  });
});

describe('WB simulator: rate limits and the clock', () => {
  let sim: WbSim;
  let now = Date.UTC(2026, 10, 20, 9, 0, 0);
  beforeAll(async () => {
    sim = await startWbSimulator({ seed: 5, reviews: 50, questions: 50, chats: 5, now: () => now });
  });
  afterAll(() => sim.close());

  const fq = '/api/v1/feedbacks/count-unanswered';

  it('F&Q personal: burst 6, then 429 with Retry/Limit/Reset; refills at 3 req/s', async () => {
    const token = makeWbToken({ sellerId: 'seller-fq' });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await call(sim, i % 2 ? fq : '/api/v1/questions/count', { token });
      expect(r.status).toBe(200);
      remaining.push(r.headers.get('x-ratelimit-remaining'));
    }
    expect(remaining).toEqual(['5', '4', '3', '2', '1', '0']);
    const before = sim.control.counts().rateLimited;
    const limited = await call(sim, fq, { token });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ title: 'too many requests', status: 429 });
    expect(Number(limited.headers.get('x-ratelimit-retry'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-limit')).toBe('6');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(2);
    expect(limited.headers.get('x-ratelimit-remaining')).toBeNull();
    expect(sim.control.counts().rateLimited).toBe(before + 1);
    // Chat has its own bucket.
    expect((await call(sim, '/api/v1/seller/chats', { token })).status).toBe(200);
    now += 1000;
    expect((await call(sim, fq, { token })).status).toBe(200);
  });

  it('base tokens get 1 request then a ~12 min retry on F&Q, 1 per hour on chat', async () => {
    const token = makeWbToken({ type: 'base', sellerId: 'seller-base' });
    expect((await call(sim, fq, { token })).status).toBe(200);
    const r = await call(sim, fq, { token });
    expect(r.status).toBe(429);
    expect(r.headers.get('x-ratelimit-limit')).toBe('1');
    expect(Number(r.headers.get('x-ratelimit-retry'))).toBeGreaterThan(700);
    expect((await call(sim, '/api/v1/seller/events', { token })).status).toBe(200);
    const c = await call(sim, '/api/v1/seller/chats', { token });
    expect(c.status).toBe(429);
    expect(Number(c.headers.get('x-ratelimit-retry'))).toBeGreaterThan(3500);
  });

  it('ping: 3 per 30 s', async () => {
    const token = makeWbToken({ sellerId: 'seller-ping' });
    for (let i = 0; i < 3; i++) expect((await call(sim, '/ping', { token })).status).toBe(200);
    expect((await call(sim, '/ping', { token })).status).toBe(429);
  });

  it('no 429 with limits off', async () => {
    sim.control.setLimits(false);
    const token = makeWbToken({ sellerId: 'seller-off' });
    for (let i = 0; i < 20; i++) {
      const r = await call(sim, fq, { token });
      expect(r.status).toBe(200);
      expect(r.headers.get('x-ratelimit-remaining')).not.toBeNull();
    }
    const viaHttp = await control(sim, 'limits', { on: true });
    expect(viaHttp.json).toEqual({ ok: true, limits: true });
  });

  it('an answer edit after 60 days is not applied', async () => {
    sim.control.setLimits(false);
    const f = sim.state.feedbacks.find((x) => x.state === 'none')!;
    await call(sim, '/api/v1/feedbacks/answer', jsonInit('POST', { id: f.id, text: 'Спасибо за отзыв!' }));
    now += 61 * 86_400_000;
    const fresh = makeWbToken({ sellerId: 'seller-clock', expiresAt: new Date(now + 86_400_000) });
    const item = (await call(sim, `/api/v1/feedback?id=${f.id}`, { token: fresh })).json.data;
    expect(item.answer.editable).toBe(false);
    await call(sim, '/api/v1/feedbacks/answer', {
      ...jsonInit('PATCH', { id: f.id, text: 'Поздняя правка' }),
      token: fresh,
    });
    expect(sim.state.feedbackById.get(f.id)?.answer?.text).toBe('Спасибо за отзыв!');
    expect(sim.control.recorded().feedbackEdits.at(-1)).toMatchObject({ id: f.id, applied: false });
    sim.control.setLimits(true);
  });
});

describe('WB simulator: faults and control', () => {
  let sim: WbSim;
  beforeAll(async () => {
    sim = await startWbSimulator({ seed: 11, reviews: 200, questions: 100, chats: 10, limits: false });
  });
  afterAll(() => sim.close());

  const list = '/api/v1/feedbacks?isAnswered=false&take=10&skip=0';

  it('injects N status faults on a group, then serves normally', async () => {
    sim.control.inject({ match: 'feedbacks', status: 503, times: 2 });
    expect((await call(sim, list)).status).toBe(503);
    expect((await call(sim, '/api/v1/questions/count')).status).toBe(200); // other group untouched
    expect((await call(sim, list)).status).toBe(503);
    expect((await call(sim, list)).status).toBe(200);
    const log = sim.control
      .recorded()
      .requests.filter((r) => r.path === '/api/v1/feedbacks')
      .slice(-3);
    expect(log.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(log[0]?.query).toMatchObject({ isAnswered: 'false', take: '10' });
  });

  it('injects 429 with the rate-limit headers and 401 as problem+json', async () => {
    sim.control.inject({ match: '/api/v1/seller/events', status: 429 });
    const r = await call(sim, '/api/v1/seller/events');
    expect(r.status).toBe(429);
    expect(r.headers.get('x-ratelimit-retry')).not.toBeNull();
    sim.control.inject({ match: 'chat', status: 401 });
    expect((await call(sim, '/api/v1/seller/chats')).json.title).toBe('unauthorized');
  });

  it('resets and times out connections', async () => {
    sim.control.inject({ match: 'questions', reset: true });
    await expect(fetch(`${sim.url}/api/v1/questions/count`, { headers: { Authorization: TOKEN } })).rejects.toThrow();
    sim.control.inject({ match: 'questions', timeoutMs: 150 });
    const t0 = Date.now();
    await expect(fetch(`${sim.url}/api/v1/questions/count`, { headers: { Authorization: TOKEN } })).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect((await call(sim, '/api/v1/questions/count')).status).toBe(200);
  });

  it('serves malformed JSON and items missing required fields', async () => {
    sim.control.inject({ match: 'feedbacks', malformed: 'json' });
    const broken = await call(sim, list);
    expect(broken.status).toBe(200);
    expect(() => JSON.parse(broken.text)).toThrow();
    sim.control.inject({ match: 'feedbacks', malformed: 'item' });
    const items = (await call(sim, list)).json.data.feedbacks;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((f: object) => !('id' in f) && !('createdDate' in f))).toBe(true);
    expect((await call(sim, list)).json.data.feedbacks[0].id).toEqual(expect.any(String));
  });

  it('clearFaults drops pending faults; faults are visible over HTTP', async () => {
    await control(sim, 'inject', { match: 'ping', status: 500, times: 5 });
    expect((await control(sim, 'faults')).json.faults[0]).toMatchObject({
      spec: { match: 'ping', status: 500 },
      left: 5,
    });
    expect((await call(sim, '/ping')).status).toBe(500);
    await control(sim, 'clear-faults', {});
    expect((await call(sim, '/ping')).status).toBe(200);
  });

  it('adds reviews and questions over HTTP; counts stay exact', async () => {
    const c0 = (await control(sim, 'counts')).json;
    const { ids } = (await control(sim, 'reviews', { n: 5 })).json;
    expect(ids).toHaveLength(5);
    await control(sim, 'questions', { n: 3 });
    const c1 = (await control(sim, 'counts')).json;
    expect(c1.reviews.total).toBe(c0.reviews.total + 5);
    expect(c1.reviews.unanswered).toBe(c0.reviews.unanswered + 5);
    expect(c1.questions.total).toBe(c0.questions.total + 3);
    expect(c1.questions.unanswered).toBe(c0.questions.unanswered + 3);
    const newest = (await call(sim, '/api/v1/feedbacks?isAnswered=false&take=5&skip=0&order=dateDesc')).json.data
      .feedbacks;
    expect(newest.map((f: { id: string }) => f.id).sort()).toEqual([...ids].sort());
  });

  it('answers in the portal and archives without an answer', async () => {
    const [a, b] = sim.state.feedbacks.filter((f) => f.state === 'none');
    expect(
      (await control(sim, 'answer-in-portal', { kind: 'feedback', id: a!.id, text: 'Ответ из портала' })).json.ok,
    ).toBe(true);
    expect((await call(sim, `/api/v1/feedback?id=${a!.id}`)).json.data.answer.text).toBe('Ответ из портала');
    expect((await control(sim, 'archive-unanswered', { id: b!.id })).json.ok).toBe(true);
    const archived = (await call(sim, '/api/v1/feedbacks/archive?take=5000&skip=0')).json.data.feedbacks.find(
      (f: { id: string }) => f.id === b!.id,
    );
    expect(archived).toMatchObject({ state: 'wbRu', answer: null });
    const q = sim.state.questions.find((x) => x.state === 'suppliersPortalSynch')!;
    expect(sim.control.answerInPortal('question', q.id, 'Ответ из портала')).toBe(true);
    expect(sim.state.questionById.get(q.id)?.state).toBe('wbRu');
    expect(sim.control.recorded().questionAnswers.some((x) => x.id === q.id)).toBe(false); // portal answers are not API calls
  });

  it('adds chat messages (and new chats) that appear after the events cursor', async () => {
    let next: number | undefined;
    for (;;) {
      const r = (await call(sim, `/api/v1/seller/events${next ? `?next=${next}` : ''}`)).json.result;
      if (r.totalEvents === 0) break;
      next = r.next;
    }
    const added = (await control(sim, 'chat-messages', { chatCount: 12, perChat: 2 })).json.events;
    expect(added).toHaveLength(24);
    expect(sim.control.counts().chats.total).toBe(12);
    const page = (await call(sim, `/api/v1/seller/events?next=${next}`)).json.result;
    expect(page.totalEvents).toBe(24);
    expect(page.events.every((e: { sender: string }) => e.sender === 'client')).toBe(true);
    expect(
      page.events.filter((e: { isNewChat?: boolean; replySign?: string }) => e.isNewChat && e.replySign).length,
    ).toBe(2);
  });

  it('mints tokens over HTTP', async () => {
    const { token } = (await control(sim, 'token', { scopes: ['chat'] })).json;
    expect((await call(sim, '/api/v1/seller/chats', { token })).status).toBe(200);
    expect((await call(sim, '/api/v1/feedbacks/count', { token })).status).toBe(401);
  });
});

describe('WB simulator: generation', () => {
  it('is deterministic for a seed and generates 100 000 reviews quickly', async () => {
    const now = () => Date.UTC(2026, 10, 1);
    const a = await startWbSimulator({ seed: 99, reviews: 300, questions: 50, chats: 5, now });
    const b = await startWbSimulator({ seed: 99, reviews: 300, questions: 50, chats: 5, now });
    try {
      expect(a.state.feedbacks.map((f) => [f.id, f.text, f.createdDate])).toEqual(
        b.state.feedbacks.map((f) => [f.id, f.text, f.createdDate]),
      );
      expect(a.state.chats.map((c) => c.replySign)).toEqual(b.state.chats.map((c) => c.replySign));
    } finally {
      await a.close();
      await b.close();
    }
    const t0 = Date.now();
    const big = await startWbSimulator({ seed: 1, reviews: 100_000, questions: 1000, chats: 10, limits: false });
    try {
      expect(Date.now() - t0).toBeLessThan(8000);
      const counts = big.control.counts();
      expect(counts.reviews.total).toBe(100_000);
      const share = counts.reviews.archivedWithoutAnswer / counts.reviews.total;
      expect(share).toBeGreaterThan(0.01);
      expect(share).toBeLessThan(0.08);
      const t1 = Date.now();
      const r = await call(big, '/api/v1/feedbacks?isAnswered=true&take=5000&skip=90000');
      expect(r.json.data.feedbacks).toHaveLength(5000);
      expect(Date.now() - t1).toBeLessThan(2000);
    } finally {
      await big.close();
    }
  });
});
