import type { SqlRunner } from '../db/sql-runner';
import type { CoreHandlers } from '../ipc-dispatch';
import { buyerContext, productContext } from './context';
import { decideLink } from './link-rows';
import { threadTimeline } from './timeline';

export interface TimelineHandlerDeps {
  db: SqlRunner;
  clock: () => Date;
}

type TimelineChannels = 'interaction.timeline' | 'links.decide' | 'context.product' | 'context.buyer';

export function timelineHandlers({ db, clock }: TimelineHandlerDeps): Pick<CoreHandlers, TimelineChannels> {
  return {
    'interaction.timeline': async ({ id }) => threadTimeline(db, id),
    'links.decide': async ({ linkId, decision }) => decideLink(db, linkId, decision, clock()),
    'context.product': async (input) => productContext(db, input, clock()),
    'context.buyer': async ({ interactionId }) => buyerContext(db, interactionId),
  };
}
