import { QUESTION_INTENTS, type QuestionIntent } from '../../../src-shared/domain/interaction';
import type { AccountSettings } from '../../../src-shared/domain/settings';
import type { SqlRunner } from '../db/sql-runner';
import type { PushBus } from '../events';
import { classifyQuestionIntentWithConfidence, questionKey } from '../inbox/intent';
import { assessPriority } from '../inbox/priority';
import type { Logger } from '../logger';
import { redact } from '../redact';
import { readSettings } from '../settings';
import { priorityFields } from '../inbox/normalise';
import type { AiKeys } from './api-key';
import type { ChatPromptMessage } from './draft-prompt';
import { requestCompletion } from './openai-compatible-provider';
import { DraftProviderError } from './types';

/** How far the fallback may go per pass (one pass after each sync of an account). */
export interface IntentFallbackLimits {
  /** Only questions whose rule confidence is below this are asked (see intent.ts: one weak hint 0.53, nothing 0.2). */
  threshold: number;
  /** Per call, and never more than the seller's own AI time limit. */
  timeoutMs: number;
  concurrency: number;
  /** AI calls per pass; cache hits are free. The rest waits for the next sync. */
  budget: number;
  /** The newest open questions looked at per pass. */
  candidates: number;
}

export const INTENT_FALLBACK_LIMITS: IntentFallbackLimits = {
  threshold: 0.6,
  timeoutMs: 3_000,
  concurrency: 2,
  budget: 20,
  candidates: 500,
};

/** What one pass did, for the log and the tests. */
export interface IntentFallbackPass {
  asked: number;
  cached: number;
  updated: number;
  ignored: number;
  failed: number;
}

const MAX_QUESTION_CHARS = 500;

const INTENT_DESCRIPTIONS: Record<QuestionIntent, string> = {
  sizing_fit: 'which size to choose, how it fits, measurements of the item or of the buyer',
  availability_delivery: 'stock, restocking, when it comes back, shipping, delivery time and places',
  spec_compatibility: 'specifications, materials, what it works with or fits onto, how it works',
  pre_purchase: 'price, discounts, authenticity, warranty, packaging, set contents, gifts, before buying',
  post_purchase: 'the buyer already ordered or received it: defects, wrong item, returns, refunds, order status',
  general: 'anything else: greetings, questions about the shop, unclear text',
};

/** The prompt: the six names, what each means, and the question; the model must answer with one name. */
export function intentPrompt(question: string): ChatPromptMessage[] {
  const lines = QUESTION_INTENTS.map((intent) => `${intent}: ${INTENT_DESCRIPTIONS[intent]}`);
  return [
    {
      role: 'system',
      content: [
        'You classify a buyer question from a Wildberries product page (usually in Russian) for the seller.',
        'Answer with exactly one of these intent names and nothing else:',
        ...lines,
      ].join('\n'),
    },
    // Only the question text travels, with any secret this process knows masked out.
    { role: 'user', content: redact(question.slice(0, MAX_QUESTION_CHARS)) },
  ];
}

/** The model's answer as an intent, or null: anything but one of the six names (a quote or a full stop aside) is ignored. */
export function parseIntentAnswer(answer: string): QuestionIntent | null {
  const word = answer
    .trim()
    .toLowerCase()
    .replace(/^[\s"'`«“]+|[\s"'`»”.!]+$/g, '');
  return (QUESTION_INTENTS as readonly string[]).includes(word) ? (word as QuestionIntent) : null;
}

export interface IntentFallbackDeps {
  db: SqlRunner;
  bus: PushBus;
  clock: () => Date;
  logger: Logger;
  aiKeys: Pick<AiKeys, 'keyFor'>;
  limits?: Partial<IntentFallbackLimits>;
}

interface Candidate {
  id: number;
  text: string;
  key: string;
}

/**
 * The optional LLM fallback for question intents (issue 9 item 2). After a sync the rules have
 * already filed every question; for the open questions they were unsure about, this asks the
 * seller's AI provider for one of the six intents, in the background: the sync never waits for it
 * and never fails because of it (`agentiq sync`, a process that ends with the sync, waits for it
 * through settle(), within its time limit). Answers are cached by normalised text (table `intent_cache`), so a
 * question asked again, or re-synced, costs no call. An accepted answer updates the intent and,
 * through `assessPriority` as the sync's normaliser does, the priority and the SLA due time; the
 * inbox is then told it changed.
 */
export class IntentFallback {
  private readonly limits: IntentFallbackLimits;
  private readonly running = new Map<number, Promise<void>>();
  private readonly again = new Set<number>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: IntentFallbackDeps) {
    this.limits = { ...INTENT_FALLBACK_LIMITS, ...deps.limits };
  }

  /** After a sync: starts a pass for the account (or one more after the running one) and returns at once. */
  schedule(accountId: number): void {
    if (this.stopping.signal.aborted) return;
    if (this.running.has(accountId)) {
      this.again.add(accountId);
      return;
    }
    const pass = (async () => {
      do {
        this.again.delete(accountId);
        try {
          await this.run(accountId);
        } catch (error) {
          this.deps.logger.warn('intent_fallback.failed', {
            accountId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      } while (this.again.has(accountId) && !this.stopping.signal.aborted);
    })().finally(() => this.running.delete(accountId));
    this.running.set(accountId, pass);
  }

  /** Resolves when no pass is running (tests, and close). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()]);
  }

  /**
   * The longest a pass can take: its budget of calls, `concurrency` at a time, each cut off at the
   * fallback's own time limit (the seller's, when lower, only shortens it).
   */
  get passLimitMs(): number {
    const { budget, concurrency, timeoutMs } = this.limits;
    return Math.ceil(budget / Math.max(1, concurrency)) * timeoutMs;
  }

  /**
   * For a one-shot process (`agentiq sync`): waits for the running passes, at most `limitMs`
   * (passLimitMs by default) plus a second for the writes; true when they ended. Never throws: a
   * pass's failure is logged by the pass. What is still running after the limit ends with stop().
   */
  async settle(limitMs = this.passLimitMs): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), limitMs + 1_000)));
    try {
      return await Promise.race([this.idle().then(() => true), limit]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Cancels the calls in flight and waits for the passes to end (before the database closes). */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  /** One pass for one account; does nothing unless the seller turned the fallback on with an AI provider set up. */
  async run(accountId: number): Promise<IntentFallbackPass | null> {
    const { db, logger } = this.deps;
    const settings = readSettings(db, accountId, logger);
    const { ai } = settings;
    if (!ai.intentFallback || ai.provider !== 'openai_compatible' || !ai.baseUrl || !ai.model) return null;
    const pass: IntentFallbackPass = { asked: 0, cached: 0, updated: 0, ignored: 0, failed: 0 };

    const unsure = this.unsureQuestions(accountId);
    if (!unsure.length) return pass;
    const known = this.cached(unsure.map((candidate) => candidate.key));
    const toAsk = [...new Set(unsure.map((c) => c.key).filter((key) => !known.has(key)))].slice(0, this.limits.budget);
    const textOf = new Map(unsure.map((candidate) => [candidate.key, candidate.text]));
    pass.cached = unsure.filter((candidate) => known.has(candidate.key)).length;

    const queue = [...toAsk];
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        if (this.stopping.signal.aborted) return;
        const intent = await this.ask(textOf.get(key)!, settings, accountId, pass);
        if (intent === undefined) continue;
        known.set(key, intent);
        this.remember(key, intent, ai.model!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.limits.concurrency, queue.length) }, worker));
    if (this.stopping.signal.aborted) return pass;

    pass.updated = this.apply(
      accountId,
      settings,
      unsure.flatMap((candidate) => {
        const intent = known.get(candidate.key);
        return intent ? [{ ...candidate, intent }] : [];
      }),
    );
    if (pass.updated) this.deps.bus.emit('inbox.changed', { accountId, channels: ['question'] });
    logger.info('intent_fallback.pass', { accountId, ...pass });
    return pass;
  }

  /** The newest open questions whose rule confidence is below the threshold. */
  private unsureQuestions(accountId: number): Candidate[] {
    const { db } = this.deps;
    const rows = db.all(
      db.build
        .selectFrom('interactions')
        .select(['id', 'text'])
        .where('account_id', '=', accountId)
        .where('channel', '=', 'question')
        .where('needs_response', '=', 1)
        .orderBy('occurred_at', 'desc')
        .limit(this.limits.candidates),
    );
    return rows
      .filter((row) => classifyQuestionIntentWithConfidence(row.text).confidence < this.limits.threshold)
      .map((row) => ({ id: row.id, text: row.text, key: questionKey(row.text) }))
      .filter((candidate) => candidate.key.length > 0);
  }

  private cached(keys: string[]): Map<string, QuestionIntent | null> {
    const { db } = this.deps;
    const found = new Map<string, QuestionIntent | null>();
    const unique = [...new Set(keys)];
    // SQLite's default limit on bound parameters is far above this; chunks keep each statement small.
    for (let start = 0; start < unique.length; start += 200) {
      const rows = db.all(
        db.build
          .selectFrom('intent_cache')
          .select(['text_key', 'intent'])
          .where('text_key', 'in', unique.slice(start, start + 200)),
      );
      for (const row of rows) found.set(row.text_key, row.intent ? parseIntentAnswer(row.intent) : null);
    }
    return found;
  }

  private remember(key: string, intent: QuestionIntent | null, model: string): void {
    const { db, clock } = this.deps;
    db.run(
      db.build
        .insertInto('intent_cache')
        .values({ text_key: key, intent, model, created_at: clock().toISOString() })
        .onConflict((oc) => oc.column('text_key').doUpdateSet((eb) => ({ intent: eb.ref('excluded.intent') }))),
    );
  }

  /**
   * One call: the intent, null for an answer that is not an intent (cached, so not asked again),
   * undefined for a failure (timeout, network, HTTP error: not cached, asked again next time).
   */
  private async ask(
    text: string,
    settings: AccountSettings,
    accountId: number,
    pass: IntentFallbackPass,
  ): Promise<QuestionIntent | null | undefined> {
    const { ai } = settings;
    pass.asked += 1;
    try {
      const answer = await requestCompletion(
        {
          baseUrl: ai.baseUrl!,
          model: ai.model!,
          // The AI key as drafts use it: from the keychain per call, only for the origin it was entered for.
          getApiKey: (origin) => this.deps.aiKeys.keyFor(accountId, origin, ai.baseUrl),
          timeoutMs: Math.min(this.limits.timeoutMs, ai.timeoutMs),
        },
        { messages: intentPrompt(text), temperature: 0, maxTokens: 10, signal: this.stopping.signal },
      );
      const intent = parseIntentAnswer(answer);
      if (intent === null) pass.ignored += 1;
      return intent;
    } catch (error) {
      pass.failed += 1;
      this.deps.logger.warn('intent_fallback.call_failed', {
        accountId,
        reason: error instanceof DraftProviderError ? error.reason.code : 'ai_internal',
      });
      return undefined;
    }
  }

  /**
   * Writes the AI's intents, each with the priority and due time `assessPriority` gives it, in one
   * transaction. A row is re-read inside it: one a sync changed meanwhile (another text, answered)
   * is judged on what it holds now, and one whose intent already matches is left alone.
   */
  private apply(
    accountId: number,
    settings: AccountSettings,
    answers: (Candidate & { intent: QuestionIntent })[],
  ): number {
    const { db, clock } = this.deps;
    if (!answers.length) return 0;
    const now = clock();
    return db.transaction(() => {
      let updated = 0;
      for (const answer of answers) {
        const row = db.get(
          db.build
            .selectFrom('interactions')
            .select(['text', 'intent', 'occurred_at', 'needs_response'])
            .where('id', '=', answer.id)
            .where('account_id', '=', accountId),
        );
        if (!row || row.text !== answer.text || row.intent === answer.intent) continue;
        const assessed = assessPriority({
          channel: 'question',
          rating: null,
          text: row.text,
          intent: answer.intent,
          occurredAt: new Date(row.occurred_at),
          needsResponse: row.needs_response === 1,
          now,
          slaHours: settings.slaHours,
          workingHours: settings.workingHours,
          dueSoonHours: settings.slaDueSoonHours,
        });
        db.run(
          db.build
            .updateTable('interactions')
            .set({
              intent: answer.intent,
              ...priorityFields(assessed),
              updated_at: now.toISOString(),
            })
            .where('id', '=', answer.id),
        );
        updated += 1;
      }
      return updated;
    });
  }
}
