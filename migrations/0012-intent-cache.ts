import { sql, type Kysely } from 'kysely';

/**
 * The AI's answers for questions the intent rules were unsure about (ai/intent-fallback.ts), keyed
 * by the normalised question text: the same question asked again (or re-synced) costs no second
 * call. `intent` is null when the model answered something that is not one of the six intents, so
 * such a question is not asked again on every sync either.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE intent_cache (
      text_key TEXT PRIMARY KEY,
      intent TEXT CHECK (intent IN ('sizing_fit', 'availability_delivery', 'spec_compatibility', 'pre_purchase', 'post_purchase', 'general')),
      model TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) WITHOUT ROWID
  `.execute(db);
}
