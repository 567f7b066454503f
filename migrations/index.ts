import type { Kysely } from 'kysely';
import * as m0001 from './0001-initial-schema';
import * as m0002 from './0002-reply-waiting-index';
import * as m0003 from './0003-fts-incremental-merge';
import * as m0004 from './0004-outbox-claims';
import * as m0005 from './0005-wb-limit-state';
import * as m0006 from './0006-outbox-chat-baseline';
import * as m0007 from './0007-link-decisions';
import * as m0008 from './0008-sla-state';
import * as m0009 from './0009-search-stems';
import * as m0010 from './0010-inbox-counts';
import * as m0011 from './0011-analytics-indexes';
import * as m0012 from './0012-intent-cache';
import * as m0013 from './0013-analytics-covering';
import * as m0014 from './0014-snooze';
import * as m0015 from './0015-inbox-keyset';
import * as m0016 from './0016-media-cache';
import * as m0017 from './0017-inbox-sort-offsets';
import * as m0018 from './0018-avito';
import * as m0019 from './0019-avito-knowledge';

export interface Migration {
  /** Sortable, unique, never renamed once landed. */
  name: string;
  up(db: Kysely<any>): Promise<void>;
  /** Edits sqlite_schema in place (a CHECK widened, content unchanged): the chain lifts defensive mode for it. */
  writesSchema?: boolean;
}

/** Static registry (STYLE habit 6): no directory scanning, so bundlers and asar see every migration. */
export const migrations: readonly Migration[] = [
  { name: '0001-initial-schema', up: m0001.up },
  { name: '0002-reply-waiting-index', up: m0002.up },
  { name: '0003-fts-incremental-merge', up: m0003.up },
  { name: '0004-outbox-claims', up: m0004.up },
  { name: '0005-wb-limit-state', up: m0005.up },
  { name: '0006-outbox-chat-baseline', up: m0006.up },
  { name: '0007-link-decisions', up: m0007.up },
  { name: '0008-sla-state', up: m0008.up },
  { name: '0009-search-stems', up: m0009.up },
  { name: '0010-inbox-counts', up: m0010.up },
  { name: '0011-analytics-indexes', up: m0011.up },
  { name: '0012-intent-cache', up: m0012.up },
  { name: '0013-analytics-covering', up: m0013.up },
  { name: '0014-snooze', up: m0014.up },
  { name: '0015-inbox-keyset', up: m0015.up },
  { name: '0016-media-cache', up: m0016.up },
  { name: '0017-inbox-sort-offsets', up: m0017.up },
  { name: '0018-avito', up: m0018.up, writesSchema: m0018.writesSchema },
  { name: '0019-avito-knowledge', up: m0019.up },
];
