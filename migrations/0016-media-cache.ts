import { sql, type Kysely } from 'kysely';

/**
 * Photos cached for offline (issue 11 item 2): review photo links (and their full sizes once
 * opened) downloaded into `<dataDir>/media/<sha256>.<ext>`. One row per WB URL; `file` is the
 * content-addressed name (several URLs with the same bytes share one file). A failed download
 * keeps its reason and time, so the detail does not refetch a refused link on every open.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE media_cache (
      url TEXT PRIMARY KEY,
      file TEXT,
      content_type TEXT,
      bytes INTEGER,
      fetched_at TEXT,
      error TEXT,
      failed_at TEXT
    ) STRICT
  `.execute(db);
}
