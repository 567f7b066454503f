// Driving the simulator while it runs: programmatic methods and the same over HTTP under /__sim/*.
import { randomUUID } from 'node:crypto';
import { Faults, type FaultSpec } from './faults';
import { type Reply, isObj } from './http';
import type { SimQuirks, SimState } from './store';
import { makeWbToken, type MakeWbTokenOptions } from './tokens';

export type PortalKind = 'feedback' | 'question' | 'chat';

export class SimControl {
  readonly faults = new Faults();
  limits: boolean;

  constructor(
    private readonly s: SimState,
    limits: boolean,
    private readonly onLimits: (on: boolean) => void,
  ) {
    this.limits = limits;
  }

  /** New unanswered reviews dated "now"; returns their ids. */
  addReviews(n: number): string[] {
    return this.s.addReviews(n).map((f) => f.id);
  }

  addQuestions(n: number): string[] {
    return this.s.addQuestions(n).map((q) => q.id);
  }

  /** `perChat` new client messages in each of `chatCount` chats (least recently active first; new chats beyond the existing ones). */
  addChatMessages(chatCount: number, perChat: number): { chatID: string; eventID: string; addTimestamp: number }[] {
    return this.s
      .addChatMessages(chatCount, perChat)
      .map((e) => ({ chatID: e.chatID, eventID: e.eventID, addTimestamp: e.addTimestamp }));
  }

  /** The seller answers in the WB portal (not through the API): not recorded as an API call. */
  answerInPortal(kind: PortalKind, id: string, text: string): boolean {
    const s = this.s;
    if (kind === 'feedback') {
      const f = s.feedbackById.get(id);
      if (!f || f.answer) return false;
      s.answerFeedback(f, text);
      return true;
    }
    if (kind === 'question') {
      const q = s.questionById.get(id);
      if (!q || q.state !== 'suppliersPortalSynch') return false;
      s.answerQuestion(q, text, 'wbRu');
      return true;
    }
    const chat = s.chatById.get(id);
    if (!chat) return false;
    s.putEvent(
      {
        chatID: chat.chatID,
        eventID: randomUUID(),
        eventType: 'message',
        isNewChat: false,
        message: { text },
        source: 'seller-portal',
        addTimestamp: 0,
        addTime: '',
        sender: 'seller',
      },
      s.now(),
    );
    return true;
  }

  /** An item that appears on WB already processed, created `agoMs` ago (see SimState.addLateProcessed). */
  addLateProcessed(kind: 'feedback' | 'question', agoMs: number, answer: string | null = null): string {
    return this.s.addLateProcessed(kind, agoMs, answer);
  }

  /** Spec-allowed server behaviours (SimQuirks); merged into the current ones. */
  setQuirks(quirks: SimQuirks): void {
    Object.assign(this.s.quirks, quirks);
  }

  /**
   * WB's moderation of a feedback's answer (CONTRACT §4 `answer.state`): `wbRu` shown,
   * `reviewRequired` under moderation, `rejected`. False when the feedback has no answer.
   */
  setAnswerState(id: string, state: 'wbRu' | 'reviewRequired' | 'rejected'): boolean {
    const f = this.s.feedbackById.get(id);
    if (!f?.answer) return false;
    f.answer = { ...f.answer, state };
    return true;
  }

  /** Archives an unanswered feedback without an answer (the 30-day rule): processed, answer null. */
  archiveUnanswered(id: string): boolean {
    const f = this.s.feedbackById.get(id);
    return f ? this.s.archiveFeedback(f) : false;
  }

  inject(spec: FaultSpec): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  recorded() {
    return this.s.recorded;
  }

  resetRecorded(): void {
    this.s.resetRecorded();
  }

  counts() {
    return this.s.counts();
  }

  /** The linking ground truth of the generated shop (WbSimOptions.linkCases); never part of a WB answer. */
  linkTruth() {
    return this.s.linkTruth;
  }

  setLimits(on: boolean): void {
    this.limits = on;
    this.onLimits(on);
  }
}

const num = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
const ok = (json: unknown): Reply => ({ status: 200, json });
const bad = (error: string): Reply => ({ status: 400, json: { error } });

/** HTTP face of SimControl. Bodies and answers are JSON; see index.ts for the list. */
export function controlRoute(c: SimControl, method: string, path: string, body: unknown): Reply {
  const b = isObj(body) ? body : {};
  const key = `${method} ${path.replace(/^\/__sim/, '')}`;
  switch (key) {
    case 'GET /counts':
      return ok(c.counts());
    case 'GET /link-truth':
      return ok({ truth: c.linkTruth() });
    case 'GET /recorded':
      return ok(c.recorded());
    case 'POST /recorded/reset':
      c.resetRecorded();
      return ok({ ok: true });
    case 'POST /reviews':
      return ok({ ids: c.addReviews(num(b.n, 1)) });
    case 'POST /questions':
      return ok({ ids: c.addQuestions(num(b.n, 1)) });
    case 'POST /chat-messages':
      return ok({ events: c.addChatMessages(num(b.chatCount, 1), num(b.perChat, 1)) });
    case 'POST /answer-in-portal': {
      if (b.kind !== 'feedback' && b.kind !== 'question' && b.kind !== 'chat')
        return bad('kind must be feedback | question | chat');
      if (typeof b.id !== 'string' || typeof b.text !== 'string') return bad('id and text are required');
      return ok({ ok: c.answerInPortal(b.kind, b.id, b.text) });
    }
    case 'POST /answer-state':
      if (typeof b.id !== 'string' || (b.state !== 'wbRu' && b.state !== 'reviewRequired' && b.state !== 'rejected'))
        return bad('id and state (wbRu | reviewRequired | rejected) are required');
      return ok({ ok: c.setAnswerState(b.id, b.state) });
    case 'POST /archive-unanswered':
      if (typeof b.id !== 'string') return bad('id is required');
      return ok({ ok: c.archiveUnanswered(b.id) });
    case 'GET /faults':
      return ok({ faults: c.faults.active() });
    case 'POST /inject':
      if (typeof b.match !== 'string') return bad('match is required');
      c.inject(b as unknown as FaultSpec);
      return ok({ ok: true, faults: c.faults.active() });
    case 'POST /clear-faults':
      c.clearFaults();
      return ok({ ok: true });
    case 'POST /limits':
      if (typeof b.on !== 'boolean') return bad('on must be a boolean');
      c.setLimits(b.on);
      return ok({ ok: true, limits: c.limits });
    case 'POST /token': {
      const opts = { ...b } as MakeWbTokenOptions & { expiresAt?: unknown };
      if (typeof b.expiresAt === 'string' || typeof b.expiresAt === 'number') opts.expiresAt = new Date(b.expiresAt);
      return ok({ token: makeWbToken(opts as MakeWbTokenOptions) });
    }
    default:
      return { status: 404, json: { error: `unknown control endpoint ${key}` } };
  }
}
