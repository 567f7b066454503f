import { sql, type Kysely } from 'kysely';

/**
 * The seller's decision on a suggested link (DESIGN §6: probabilistic links are suggestions the
 * seller confirms or rejects; a rejected link stays rejected when the linking pass runs again),
 * when the pass last saw the link, and the index the timeline walks from either side.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE link_candidates ADD COLUMN decision TEXT CHECK (decision IN ('confirmed', 'rejected'))`,
    sql`ALTER TABLE link_candidates ADD COLUMN decided_at TEXT`,
    sql`ALTER TABLE link_candidates ADD COLUMN updated_at TEXT`,
    sql`CREATE INDEX link_candidates_a ON link_candidates (a_id, confidence)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
