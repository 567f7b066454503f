import type { Channel } from './interaction';
import type { CoreMessage, GuardrailMessage, GuardrailRule } from '../messages/catalog';

export const OUTBOX_KINDS = ['answer', 'edit', 'reject', 'chat_message', 'mark_viewed'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * queued -> sending -> sent_pending -> confirmed (a later sync shows it on WB);
 * failed (reason kept, editable, retry); conflict (WB got another answer while ours waited);
 * cancelled (the seller withdrew it while queued, or discarded it after a conflict).
 */
export const OUTBOX_STATES = [
  'queued',
  'sending',
  'sent_pending',
  'confirmed',
  'failed',
  'conflict',
  'cancelled',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
export type ReplyOrigin = 'manual' | 'draft' | 'template' | 'auto';

export interface OutboxEntryView {
  id: number;
  accountId: number;
  interactionId: number;
  channel: Channel;
  kind: OutboxKind;
  text: string;
  state: OutboxState;
  origin: ReplyOrigin;
  attempts: number;
  /** Why the last attempt did not go through (also while it waits: the network, WB's limit). */
  lastError: CoreMessage | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  confirmedAt: string | null;
  createdAt: string;
  /** sent_pending longer than the account's pending window (default 180 min). */
  overdue: boolean;
  /** For a conflict: the answer WB shows now (from the portal, WB's AI, another tool). */
  wbAnswer: string | null;
  /** For a conflict: whether WB still lets us edit its answer (once, within 60 days). */
  wbAnswerEditable: boolean | null;
  /** A reply sent from the UI is held this long (undo send): not sent before, cancellable until then. */
  heldUntil: string | null;
}

export interface ReplyViolationView {
  category: GuardrailRule | 'length';
  phrase: string;
  severity: 'block' | 'warn';
  span: [number, number];
  message: GuardrailMessage;
}

export interface DraftView {
  text: string;
  provider: string;
  model: string | null;
  templateId: string | null;
  fellBack: boolean;
  /** Why the AI provider failed when the draft fell back to the templates. */
  reason: CoreMessage | null;
  cached: boolean;
  violations: ReplyViolationView[];
}
