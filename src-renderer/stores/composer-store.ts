import { create } from 'zustand';
import type { Channel } from '../../src-shared/domain/interaction';
import type { DraftView, ReplyViolationView } from '../../src-shared/domain/outbox';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';
import { useOutboxStore } from './outbox-store';
import { UNDO_SECONDS, useUndoStore } from './undo-store';

export type ReplyOrigin = 'manual' | 'draft' | 'template';

export interface GuardrailCheck {
  /** The text this result is about; a result for older text is stale. */
  text: string;
  blocked: boolean;
  violations: ReplyViolationView[];
}

/** One reply being written. Kept per item, so switching items does not lose a half-written reply. */
export interface Composer {
  text: string;
  origin: ReplyOrigin;
  /** The draft or template text the seller started from (core records accepted / edited / manual). */
  baseText: string | null;
  check: GuardrailCheck | null;
  draft: DraftView | null;
  templateTitle: string | null;
  drafting: boolean;
  sending: boolean;
  error: UiError | null;
}

const EMPTY: Composer = {
  text: '',
  origin: 'manual',
  baseText: null,
  check: null,
  draft: null,
  templateTitle: null,
  drafting: false,
  sending: false,
  error: null,
};
export const CHECK_DEBOUNCE_MS = 300;

interface ComposerStoreState {
  composers: Record<number, Composer>;
  setText(interactionId: number, channel: Channel, text: string): void;
  fill(
    interactionId: number,
    channel: Channel,
    text: string,
    origin: Exclude<ReplyOrigin, 'manual'>,
    extra?: Partial<Composer>,
  ): void;
  generateDraft(interactionId: number, channel: Channel, regenerate: boolean): Promise<void>;
  send(interactionId: number): Promise<boolean>;
  /** Undo send: the cancelled reply's text back in the box, as it was written. */
  restore(interactionId: number, channel: Channel, text: string, origin: ReplyOrigin, baseText: string | null): void;
}

const timers = new Map<number, ReturnType<typeof setTimeout>>();

export const composerOf = (state: Pick<ComposerStoreState, 'composers'>, interactionId: number): Composer =>
  state.composers[interactionId] ?? EMPTY;

export const useComposerStore = create<ComposerStoreState>()((set, get) => {
  const patch = (interactionId: number, change: Partial<Composer>) =>
    set((state) => ({
      composers: { ...state.composers, [interactionId]: { ...composerOf(state, interactionId), ...change } },
    }));

  const scheduleCheck = (interactionId: number, channel: Channel) => {
    const pending = timers.get(interactionId);
    if (pending) clearTimeout(pending);
    timers.set(
      interactionId,
      setTimeout(() => {
        timers.delete(interactionId);
        void runCheck(interactionId, channel);
      }, CHECK_DEBOUNCE_MS),
    );
  };

  const runCheck = async (interactionId: number, channel: Channel) => {
    const text = composerOf(get(), interactionId).text;
    const outcome = await settle(bridge['guardrails.check']({ channel, text }));
    // Typing went on meanwhile: a newer check is already scheduled.
    if (composerOf(get(), interactionId).text !== text) return;
    // Without an answer the send stays possible: core checks again before it queues anything.
    patch(interactionId, { check: outcome.ok ? { text, ...outcome.value } : { text, blocked: false, violations: [] } });
  };

  return {
    composers: {},

    setText(interactionId, channel, text) {
      // Cleared box: whatever follows is the seller's own text.
      const restart =
        text.trim() === '' ? { origin: 'manual' as const, baseText: null, draft: null, templateTitle: null } : {};
      patch(interactionId, { text, error: null, ...restart });
      scheduleCheck(interactionId, channel);
    },

    fill(interactionId, channel, text, origin, extra = {}) {
      patch(interactionId, { text, origin, baseText: text, error: null, draft: null, templateTitle: null, ...extra });
      scheduleCheck(interactionId, channel);
    },

    async generateDraft(interactionId, channel, regenerate) {
      if (composerOf(get(), interactionId).drafting) return;
      patch(interactionId, { drafting: true, error: null });
      const outcome = await settle(bridge['drafts.generate']({ interactionId, regenerate }));
      if (!outcome.ok) {
        patch(interactionId, { drafting: false, error: outcome.error });
        return;
      }
      const draft = outcome.value;
      get().fill(interactionId, channel, draft.text, 'draft', { draft, drafting: false });
      // Core already checked the draft's exact text: show its findings without waiting.
      patch(interactionId, {
        check: {
          text: draft.text,
          blocked: draft.violations.some((v) => v.severity === 'block'),
          violations: draft.violations,
        },
      });
    },

    async send(interactionId) {
      const composer = composerOf(get(), interactionId);
      if (composer.sending) return false;
      patch(interactionId, { sending: true, error: null });
      const outcome = await settle(
        bridge['reply.send']({
          interactionId,
          text: composer.text,
          origin: composer.origin,
          ...(composer.baseText !== null ? { draftText: composer.baseText } : {}),
          // Held in the outbox for undo; the toast offers «Отменить» meanwhile.
          holdSeconds: UNDO_SECONDS,
        }),
      );
      if (!outcome.ok) {
        // The text stays: the seller fixes it (or connects a real shop) and tries again.
        patch(interactionId, { sending: false, error: outcome.error });
        return false;
      }
      set((state) => {
        const { [interactionId]: _sent, ...rest } = state.composers;
        return { composers: rest };
      });
      useUndoStore
        .getState()
        .offer(outcome.value, { text: composer.text, origin: composer.origin, baseText: composer.baseText });
      // Not awaited: the caller opens the next item at once, before a key (Ctrl+Z) can take the send back —
      // an advance after the undo would move the selection off the restored item.
      void useOutboxStore.getState().reload();
      return true;
    },

    restore(interactionId, channel, text, origin, baseText) {
      patch(interactionId, { ...EMPTY, text, origin, baseText });
      scheduleCheck(interactionId, channel);
    },
  };
});
