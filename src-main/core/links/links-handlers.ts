import type { SqlRunner } from '../db/sql-runner';
import { accountRow } from '../inbox/accounts';
import type { CoreHandlers } from '../ipc-dispatch';
import type { LinkEngine } from './link-engine';
import { listLinks } from './link-queries';

export interface LinksHandlerDeps {
  db: SqlRunner;
  links: LinkEngine;
}

export function linksHandlers({ db, links }: LinksHandlerDeps): Pick<CoreHandlers, 'links.list' | 'links.recompute'> {
  return {
    'links.list': async (input) => listLinks(db, { ...input, accountId: accountRow(db, input.accountId).id }),
    'links.recompute': async ({ accountId }) => ({ links: await links.recomputeAll(accountRow(db, accountId).id) }),
  };
}
