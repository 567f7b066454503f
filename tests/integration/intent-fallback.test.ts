import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { syncWith } from '../../src-main/cli/commands/sync';
import { INTENT_FALLBACK_LIMITS } from '../../src-main/core/ai/intent-fallback';
import { assessPriority } from '../../src-main/core/inbox/priority';
import type { InteractionSummary, QuestionIntent } from '../../src-shared/domain/interaction';
import { completion, useAiServers, type AiRequest } from '../helpers/ai-server';
import { useTempDirs } from '../helpers/temp-dir';
import { startSyncEnv } from '../helpers/wb-env';

const tempDir = useTempDirs();
const aiServer = useAiServers();
const API_KEY = 'sk-intent-fallback-0123456789';

/** Unsure for the rules (no keyword: general at 0.2); the second is the same question once normalised. */
const UNSURE = 'алло, подскажите пожалуйста';
const UNSURE_AGAIN = 'Алло подскажите, пожалуйста!!';
/** Confident for the rules (sizing_fit): never sent to the AI. */
const SURE = 'маломерит? на рост 170 какой размер';
const GARBAGE = 'здравствуйте а вот такой вопрос';
const SLOW = 'доброго дня вам';

/** What the one function that computes priority and due time says for this question with this intent. */
const assessed = (item: InteractionSummary, intent: QuestionIntent) => {
  const { priority, slaDueAt } = assessPriority({
    channel: 'question',
    rating: null,
    text: item.text,
    intent,
    occurredAt: new Date(item.occurredAt),
    needsResponse: true,
    now: new Date(),
  });
  return { intent, priority, slaDueAt };
};

const answer = (res: ServerResponse, content: string) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(completion(content));

/** What the fake model says: pre_purchase for «алло», a sentence (not an intent) for GARBAGE, nothing at all for SLOW. */
function model(request: AiRequest, res: ServerResponse) {
  const body = request.raw.slice(request.raw.indexOf('\n\n') + 2);
  const question = (JSON.parse(body) as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;
  if (question.toLowerCase().includes('алло')) return answer(res, 'pre_purchase');
  if (question === GARBAGE) return answer(res, 'I think this is about sizes, maybe sizing_fit or general.');
  if (question === SLOW) return; // never answers: the call times out
  answer(res, 'general');
}

/** A synced shop whose open questions have exactly these texts. */
async function shop(texts: string[]) {
  const env = await startSyncEnv(tempDir(), { reviews: 2, questions: texts.length, chats: 1, limits: false });
  env.sim.state.questions.forEach((question, index) => {
    question.text = texts[index]!;
    question.state = 'suppliersPortalSynch';
    question.answer = null;
    question.answeredAt = null;
  });
  const questions = async () => {
    const result = await env.core.call('inbox.list', { accountId: env.accountId, channel: 'question' });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return new Map((result.value as { items: InteractionSummary[] }).items.map((item) => [item.text, item]));
  };
  const turnOn = async (baseUrl: string, timeoutMs = 5_000) => {
    const patch = {
      ai: { provider: 'openai_compatible', baseUrl, model: 'intent-model', timeoutMs, intentFallback: true },
    };
    expect(await env.core.call('settings.update', { accountId: env.accountId, patch })).toMatchObject({ ok: true });
    expect(await env.core.call('ai.setApiKey', { accountId: env.accountId, apiKey: API_KEY })).toMatchObject({
      ok: true,
    });
  };
  const changes: number[] = [];
  env.core.events.subscribe((event, payload) => {
    if (event === 'inbox.changed' && (payload as { channels: string[] }).channels.includes('question')) changes.push(1);
  });
  const syncAndSettle = async () => {
    const report = await env.sync();
    expect(report.ok).toBe(true);
    // From here on only the fallback's own changes are counted (the sync announces its writes too).
    changes.length = 0;
    await env.core.internals.intentFallback.idle();
  };
  return { ...env, questions, turnOn, changes, syncAndSettle };
}

describe('the LLM fallback for question intents', () => {
  it('is off by default: nothing is sent, the rules’ intent stays', async () => {
    const server = await aiServer(model);
    const env = await shop([UNSURE, SURE]);
    try {
      const patch = { ai: { provider: 'openai_compatible', baseUrl: server.baseUrl, model: 'intent-model' } };
      expect(await env.core.call('settings.update', { accountId: env.accountId, patch })).toMatchObject({
        ok: true,
        value: { ai: { intentFallback: false } },
      });
      await env.syncAndSettle();
      expect(server.received).toHaveLength(0);
      const item = (await env.questions()).get(UNSURE)!;
      expect(item).toMatchObject(assessed(item, 'general'));
    } finally {
      await env.core.close();
    }
  });

  it('on: asks once for two questions that normalise alike, never for a confident one, and updates intent, priority and due time', async () => {
    const server = await aiServer(model);
    const env = await shop([UNSURE, UNSURE_AGAIN, SURE]);
    try {
      await env.turnOn(server.baseUrl);
      await env.syncAndSettle();
      // One HTTP call: the second question is a cache hit.
      expect(server.received).toHaveLength(1);
      const [request] = server.received;
      expect(request!.headers.authorization).toBe(`Bearer ${API_KEY}`);
      expect(request!.raw).toContain(UNSURE);
      expect(request!.raw).not.toContain(env.token);
      const body = JSON.parse(request!.raw.slice(request!.raw.indexOf('\n\n') + 2)) as { max_tokens: number };
      expect(body.max_tokens).toBeLessThanOrEqual(10);

      const questions = await env.questions();
      for (const text of [UNSURE, UNSURE_AGAIN]) {
        const item = questions.get(text)!;
        // pre_purchase: "high" with a 6-hour target, where general was "normal" with 24 hours.
        expect(item, text).toMatchObject(assessed(item, 'pre_purchase'));
        expect(item.slaDueAt).not.toBe(assessed(item, 'general').slaDueAt);
      }
      expect(questions.get(SURE)).toMatchObject({ intent: 'sizing_fit' });
      const due = questions.get(UNSURE)!.slaDueAt!;
      expect(env.changes).toHaveLength(1);

      // The next sync: the cache answers, no second call; a re-written row gets its AI intent back.
      const again = env.sim.state.questions[0]!;
      again.wasViewed = !again.wasViewed;
      await env.syncAndSettle();
      expect(server.received).toHaveLength(1);
      expect((await env.questions()).get(UNSURE)).toMatchObject({ intent: 'pre_purchase', slaDueAt: due });
    } finally {
      await env.core.close();
    }
  });

  it('an answer that is not one of the six intents is ignored, and not asked again', async () => {
    const server = await aiServer(model);
    const env = await shop([GARBAGE]);
    try {
      await env.turnOn(server.baseUrl);
      await env.syncAndSettle();
      expect(server.received).toHaveLength(1);
      const item = (await env.questions()).get(GARBAGE)!;
      expect(item).toMatchObject(assessed(item, 'general'));
      await env.syncAndSettle();
      expect(server.received).toHaveLength(1);
    } finally {
      await env.core.close();
    }
  });

  it('a call past the time limit is dropped: the sync is fine, the intent stays, the question is asked again next time', async () => {
    const server = await aiServer(model);
    const env = await shop([SLOW]);
    try {
      // The seller's 1 s limit applies (below the fallback's own 3 s).
      await env.turnOn(server.baseUrl, 1_000);
      await env.syncAndSettle();
      expect(server.received).toHaveLength(1);
      expect((await env.questions()).get(SLOW)).toMatchObject({ intent: 'general' });
      await env.syncAndSettle();
      expect(server.received).toHaveLength(2);
    } finally {
      await env.core.close();
    }
  });

  it('keeps to its budget per sync and to two calls at a time', async () => {
    let open = 0;
    let mostOpen = 0;
    const server = await aiServer((_request, res) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      // Answer on the next turn, so calls that overlap are seen overlapping.
      setImmediate(() => {
        open -= 1;
        answer(res, 'general');
      });
    });
    const texts = Array.from({ length: INTENT_FALLBACK_LIMITS.budget + 5 }, (_, i) => `вопрос номер ${i + 1}`);
    const env = await shop(texts);
    try {
      await env.turnOn(server.baseUrl);
      await env.syncAndSettle();
      expect(server.received).toHaveLength(INTENT_FALLBACK_LIMITS.budget);
      expect(mostOpen).toBeLessThanOrEqual(INTENT_FALLBACK_LIMITS.concurrency);
      // The rest is asked after the next sync; what was answered is not asked again.
      await env.syncAndSettle();
      expect(server.received).toHaveLength(texts.length);
    } finally {
      await env.core.close();
    }
  });

  it('never blocks a sync: the sync returns while the AI has not answered; the intent follows when it does', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const server = await aiServer((_request, res) => {
      arrived();
      void released.then(() => answer(res, 'availability_delivery'));
    });
    const env = await shop([UNSURE]);
    try {
      await env.turnOn(server.baseUrl);
      const report = await env.sync();
      expect(report.ok).toBe(true);
      env.changes.length = 0;
      // The sync is back; the AI call is still waiting for its answer.
      await requestArrived;
      expect((await env.questions()).get(UNSURE)).toMatchObject({ intent: 'general' });
      expect(env.changes).toHaveLength(0);
      release();
      await env.core.internals.intentFallback.idle();
      expect((await env.questions()).get(UNSURE)).toMatchObject({ intent: 'availability_delivery' });
      expect(env.changes).toHaveLength(1);
    } finally {
      await env.core.close();
    }
  });
});

describe('agentiq sync and the LLM fallback', () => {
  /** The command's output, as the CLI would print it. */
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
  };

  it('waits for the pass before it returns (the process ends with the command), and reports the sync alone', async () => {
    const server = await aiServer(model);
    const env = await shop([UNSURE, SURE]);
    try {
      await env.turnOn(server.baseUrl);
      const { io, out, err } = capture();
      expect(await syncWith(env.core, io, { full: false, json: true })).toBe(0);
      // No idle() here: when the command is back, the AI has answered and the intent is written.
      expect(server.received).toHaveLength(1);
      const item = (await env.questions()).get(UNSURE)!;
      expect(item).toMatchObject(assessed(item, 'pre_purchase'));
      expect(JSON.parse(out[0]!)).toMatchObject({ ok: true });
      expect(err).toEqual([]);
    } finally {
      await env.core.close();
    }
  });

  it('an AI that fails or never answers does not fail the sync: exit 0 once the call has timed out, the rules’ intent stays', async () => {
    const server = await aiServer((request, res) => {
      if (request.raw.includes(SLOW)) return; // never answers: the seller's 1 s limit cuts it off
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"down"}');
    });
    const env = await shop([SLOW, UNSURE]);
    try {
      await env.turnOn(server.baseUrl, 1_000);
      const { io, err } = capture();
      expect(await syncWith(env.core, io, { full: false, json: false })).toBe(0);
      expect(server.received).toHaveLength(2);
      const questions = await env.questions();
      expect(questions.get(SLOW)).toMatchObject({ intent: 'general' });
      expect(questions.get(UNSURE)).toMatchObject({ intent: 'general' });
      expect(err).toEqual([]);
    } finally {
      await env.core.close();
    }
  });

  it('does not wait past its limit: settle() gives up, and closing the core cancels the call still open', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    const server = await aiServer(() => arrived()); // holds the call open (within the seller's 5 s limit)
    const env = await shop([UNSURE]);
    try {
      await env.turnOn(server.baseUrl);
      await env.sync();
      await requestArrived;
      expect(await env.core.internals.intentFallback.settle(0)).toBe(false);
    } finally {
      // stop() aborts the call in flight: close returns although the AI never answers.
      await env.core.close();
    }
    expect(server.received).toHaveLength(1);
  });
});
