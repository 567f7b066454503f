import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WbApiError } from '../../src-main/core/wb/http';
import { decodeWbToken } from '../../src-main/core/wb/token';
import { createWbClient, type WbClient } from '../../src-main/core/wb/wb-client';
import { makeWbToken, startWbSimulator, type WbSim } from '../wb-sim';

let sim: WbSim;
let client: WbClient;
beforeAll(async () => {
  sim = await startWbSimulator({ seed: 9, reviews: 120, questions: 40, chats: 30, limits: false });
  const token = makeWbToken();
  client = createWbClient(token, decodeWbToken(token), { baseUrl: sim.url, sleep: () => Promise.resolve() });
});
afterAll(async () => {
  await client.close();
  await sim.close();
});

describe('WB connectors against the simulator', () => {
  it('ping answers on both API groups', async () => {
    expect((await client.feedbacks.ping()).status).toBe('OK');
    expect((await client.chats.ping()).status).toBe('OK');
  });

  it('counts and lists agree with the shop', async () => {
    const counts = sim.control.counts();
    expect((await client.feedbacks.countUnanswered()).countUnanswered).toBe(counts.reviews.unanswered);
    expect(await client.feedbacks.count({ isAnswered: false })).toBe(counts.reviews.unanswered);
    expect((await client.questions.countUnanswered()).countUnanswered).toBe(counts.questions.unanswered);
    const page = await client.feedbacks.list({ isAnswered: true, take: 50, skip: 0, order: 'dateAsc' });
    expect(page.rawItems).toHaveLength(50);
    expect(page.countUnanswered).toBe(counts.reviews.unanswered);
    expect((await client.feedbacks.archive({ take: 10, skip: 0 })).items.length).toBeLessThanOrEqual(10);
    expect(typeof (await client.questions.newItems()).hasNewQuestions).toBe('boolean');
  });

  it('get by id returns the item, and null for an id WB does not know (422)', async () => {
    const known = sim.state.feedbacks[0]!;
    expect((await client.feedbacks.get(known.id))?.value.id).toBe(known.id);
    expect(await client.feedbacks.get('no-such-feedback')).toBeNull();
    expect(await client.questions.get('no-such-question')).toBeNull();
  });

  it('refuses paging beyond WB’s limits before sending anything', async () => {
    const before = sim.control.recorded().requests.length;
    await expect(client.feedbacks.list({ isAnswered: true, take: 5001, skip: 0 })).rejects.toThrow(RangeError);
    await expect(client.questions.list({ isAnswered: true, take: 5000, skip: 5001 })).rejects.toThrow(RangeError);
    expect(sim.control.recorded().requests.length).toBe(before);
  });

  it('sends a chat message with a file as multipart, with the chat’s replySign', async () => {
    const chat = sim.state.chats[0]!;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const sent = await client.chats.send(chat.replySign, 'Фото упаковки во вложении', [
      { name: 'упаковка.png', contentType: 'image/png', data: png },
    ]);
    expect(sent.chatId).toBe(chat.chatID);
    const recorded = sim.control.recorded().chatMessages.at(-1)!;
    expect(recorded).toMatchObject({ replySign: chat.replySign, text: 'Фото упаковки во вложении' });
    expect(recorded.files.map((f) => f.name)).toEqual(['упаковка.png']);
    await expect(client.chats.send(chat.replySign, 'x'.repeat(1001))).rejects.toThrow(RangeError);
    await expect(client.chats.send('1:bad-sign', 'Здравствуйте')).rejects.toMatchObject({
      kind: 'client',
      status: 400,
    });
  });

  it('downloads attachments: ready, under moderation (202), or blocked (451)', async () => {
    const files = [...sim.state.files.values()];
    const ready = files.find((f) => f.moderation === 'ok')!;
    const pending = files.find((f) => f.moderation === 'pending')!;
    const rejected = files.find((f) => f.moderation === 'rejected')!;
    expect(await client.chats.download(ready.downloadID)).toMatchObject({
      state: 'ready',
      contentType: ready.contentType,
    });
    expect(await client.chats.download(pending.downloadID)).toEqual({ state: 'moderation', retrySeconds: 30 });
    expect(await client.chats.download(rejected.downloadID)).toMatchObject({ state: 'blocked' });
  });

  it('walks the events cursor until totalEvents == 0 and sees every event once', async () => {
    const seen = new Set<string>();
    let cursor: number | null = null;
    for (let i = 0; i < 1000; i += 1) {
      const page = await client.chats.events(cursor);
      if (page.totalEvents === 0) break;
      for (const { value } of page.items) {
        expect(seen.has(value.eventID)).toBe(false);
        seen.add(value.eventID);
      }
      cursor = page.next;
    }
    expect(seen.size).toBe(sim.control.counts().chatEvents.total);
  });

  it('a 401 is not retried and carries no token in its message', async () => {
    sim.control.inject({ match: 'fq', status: 401, times: 3 });
    const before = sim.control.recorded().requests.length;
    const error = await client.feedbacks.countUnanswered().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WbApiError);
    expect((error as WbApiError).kind).toBe('auth');
    expect(sim.control.recorded().requests.length - before).toBe(1);
    sim.control.clearFaults();
  });
});

describe('AGENTIQ_WB_BASE_URL with a path', () => {
  it('keeps the path prefix in front of every WB path (a proxy or a test server under /wb)', async () => {
    // A reverse proxy at /wb/ in front of the simulator: the network edge, not our code.
    const proxy = createServer((req, res) => {
      if (!req.url?.startsWith('/wb/')) {
        res.writeHead(404).end();
        return;
      }
      const upstream = httpRequest(
        `${sim.url}${req.url.slice(3)}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const token = makeWbToken();
    const { port } = proxy.address() as AddressInfo;
    const prefixed = createWbClient(token, decodeWbToken(token), {
      baseUrl: `http://127.0.0.1:${port}/wb/`,
      sleep: () => Promise.resolve(),
    });
    try {
      expect((await prefixed.feedbacks.ping()).status).toBe('OK');
      expect((await prefixed.chats.list()).items.length).toBeGreaterThan(0);
    } finally {
      await prefixed.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
