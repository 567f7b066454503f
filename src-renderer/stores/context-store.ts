import { create } from 'zustand';
import type { BuyerContext, ProductContext } from '../../src-shared/domain/context';
import type { InteractionDetail } from '../../src-shared/domain/interaction';
import type { LinkDecision, Timeline } from '../../src-shared/domain/links';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

interface ContextState {
  /** The item the panels below describe; results for another item are dropped. */
  interactionId: number | null;
  timeline: Timeline | null;
  timelineError: UiError | null;
  buyer: BuyerContext | null;
  product: ProductContext | null;
  /** The link whose confirm / reject is on its way. */
  decidingLinkId: number | null;
  decideError: UiError | null;
  /** The open item's thread, its buyer's history and its product's context. */
  load(detail: Pick<InteractionDetail, 'id' | 'accountId' | 'nmId'>): Promise<void>;
  decide(linkId: number, decision: LinkDecision): Promise<void>;
}

// Quick arrow presses: only the newest load may write.
let ticket = 0;

export const useContextStore = create<ContextState>()((set, get) => ({
  interactionId: null,
  timeline: null,
  timelineError: null,
  buyer: null,
  product: null,
  decidingLinkId: null,
  decideError: null,

  async load(detail) {
    const mine = ++ticket;
    if (get().interactionId !== detail.id)
      set({
        interactionId: detail.id,
        timeline: null,
        timelineError: null,
        buyer: null,
        product: null,
        decideError: null,
      });
    const [timeline, buyer, product] = await Promise.all([
      settle(bridge['interaction.timeline']({ id: detail.id })),
      settle(bridge['context.buyer']({ interactionId: detail.id })),
      detail.nmId === null
        ? Promise.resolve(null)
        : settle(bridge['context.product']({ accountId: detail.accountId, nmId: detail.nmId })),
    ]);
    if (mine !== ticket) return;
    set({
      timeline: timeline.ok ? timeline.value : null,
      timelineError: timeline.ok ? null : timeline.error,
      // Context is a help, not the task: without it the item still opens and can be answered.
      buyer: buyer.ok ? buyer.value : null,
      product: product?.ok ? product.value : null,
    });
  },

  async decide(linkId, decision) {
    const { interactionId } = get();
    if (interactionId === null || get().decidingLinkId !== null) return;
    set({ decidingLinkId: linkId, decideError: null });
    const outcome = await settle(bridge['links.decide']({ linkId, decision }));
    if (!outcome.ok) {
      set({ decidingLinkId: null, decideError: outcome.error });
      return;
    }
    const timeline = await settle(bridge['interaction.timeline']({ id: interactionId }));
    if (get().interactionId !== interactionId) return set({ decidingLinkId: null });
    set({ decidingLinkId: null, ...(timeline.ok ? { timeline: timeline.value } : { timelineError: timeline.error }) });
  },
}));
