-- index accounts_avito_user
CREATE UNIQUE INDEX accounts_avito_user ON accounts (avito_user_id) WHERE avito_user_id IS NOT NULL;
-- index avito_bot_events_cap
CREATE INDEX avito_bot_events_cap ON avito_bot_events(account_id, local_day, dry_run, kind);
-- index chat_messages_timeline
CREATE INDEX chat_messages_timeline ON chat_messages (interaction_id, sent_at, sender);
-- index interaction_events_timeline
CREATE INDEX interaction_events_timeline ON interaction_events (interaction_id, created_at);
-- index interaction_events_type
CREATE INDEX interaction_events_type ON interaction_events (type, created_at);
-- index interactions_analytics
CREATE INDEX interactions_analytics ON interactions (account_id, occurred_at, channel, rating, intent, nm_id, sla_due_at, last_reply_at, last_reply_text IS NOT NULL, source, product_name);
-- index interactions_backlog
CREATE INDEX interactions_backlog ON interactions (account_id, channel, priority, source, occurred_at, last_message_at) WHERE needs_response = 1;
-- index interactions_chat_activity
CREATE INDEX interactions_chat_activity ON interactions (account_id, last_message_at, source) WHERE channel = 'chat';
-- index interactions_customer
CREATE INDEX interactions_customer ON interactions (account_id, customer_id) WHERE customer_id IS NOT NULL;
-- index interactions_inbox
CREATE INDEX interactions_inbox ON interactions (account_id, needs_response DESC, sla_rank, priority_rank, sla_due_at, occurred_at DESC);
-- index interactions_inbox_channel
CREATE INDEX interactions_inbox_channel ON interactions (account_id, channel, needs_response DESC, sla_rank, priority_rank, sla_due_at, occurred_at DESC);
-- index interactions_order
CREATE INDEX interactions_order ON interactions (account_id, order_id) WHERE order_id IS NOT NULL;
-- index interactions_product
CREATE INDEX interactions_product ON interactions (account_id, nm_id, occurred_at);
-- index interactions_reply_waiting
CREATE INDEX interactions_reply_waiting ON interactions (account_id, channel) WHERE reply_state IN ('queued', 'sending', 'sent_pending');
-- index interactions_sla_due
CREATE INDEX interactions_sla_due ON interactions (sla_due_at) WHERE needs_response = 1 AND sla_state IN ('ok', 'due_soon');
-- index interactions_sla_soon
CREATE INDEX interactions_sla_soon ON interactions (sla_soon_at) WHERE needs_response = 1 AND sla_state = 'ok';
-- index interactions_sla_stale
CREATE INDEX interactions_sla_stale ON interactions (account_id) WHERE sla_state IS NULL;
-- index interactions_snoozed
CREATE INDEX interactions_snoozed ON interactions (account_id, snoozed_until) WHERE snoozed_until IS NOT NULL;
-- index interactions_sort_newest
CREATE INDEX interactions_sort_newest ON interactions (account_id, sort_newest, id, snoozed_until, channel, needs_response, sla_rank, priority_rank);
-- index interactions_sort_newest_all
CREATE INDEX interactions_sort_newest_all ON interactions (sort_newest, id, snoozed_until, channel, needs_response, sla_rank, priority_rank);
-- index interactions_sort_priority
CREATE INDEX interactions_sort_priority ON interactions (account_id, snoozed_until, sort_priority, id, channel, needs_response, sla_rank, priority_rank);
-- index interactions_sort_priority_all
CREATE INDEX interactions_sort_priority_all ON interactions (snoozed_until, sort_priority, id, channel, needs_response, sla_rank, priority_rank);
-- index interactions_sort_sla
CREATE INDEX interactions_sort_sla ON interactions (account_id, snoozed_until, sort_sla, id, channel, needs_response, sla_rank, priority_rank);
-- index interactions_sort_sla_all
CREATE INDEX interactions_sort_sla_all ON interactions (snoozed_until, sort_sla, id, channel, needs_response, sla_rank, priority_rank);
-- index link_candidates_a
CREATE INDEX link_candidates_a ON link_candidates (a_id, confidence);
-- index link_candidates_b
CREATE INDEX link_candidates_b ON link_candidates (b_id);
-- index outbox_due
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
-- index outbox_interaction
CREATE INDEX outbox_interaction ON outbox (interaction_id, state);
-- index outbox_wb_event
CREATE UNIQUE INDEX outbox_wb_event ON outbox (interaction_id, wb_event_id) WHERE wb_event_id IS NOT NULL;
-- index sync_runs_recent
CREATE INDEX sync_runs_recent ON sync_runs (account_id, channel, started_at);
-- table accounts
CREATE TABLE accounts ( id INTEGER PRIMARY KEY, name TEXT NOT NULL, is_demo INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)), token_ref TEXT UNIQUE, token_expires_at TEXT, token_scopes TEXT NOT NULL DEFAULT '[]', token_type TEXT, token_read_only INTEGER NOT NULL DEFAULT 0 CHECK (token_read_only IN (0, 1)), token_sandbox INTEGER NOT NULL DEFAULT 0 CHECK (token_sandbox IN (0, 1)), seller_id TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL , marketplace TEXT NOT NULL DEFAULT 'wb' CHECK (marketplace IN ('wb', 'avito')), avito_user_id TEXT, avito_client_id_ref TEXT, avito_client_secret_ref TEXT) STRICT;
-- table avito_bot_events
CREATE TABLE avito_bot_events ( id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE, message_id INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('pending', 'answer', 'handoff')), reason TEXT, dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)), text TEXT, citations_json TEXT NOT NULL DEFAULT '[]', local_day TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (interaction_id, message_id) ) STRICT;
-- table avito_chat_modes
CREATE TABLE avito_chat_modes ( interaction_id INTEGER PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE, mode TEXT NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'manager')), bot_turns INTEGER NOT NULL DEFAULT 0, reason TEXT, mode_changed_at TEXT, updated_at TEXT NOT NULL ) STRICT;
-- table avito_chats
CREATE TABLE avito_chats ( interaction_id INTEGER PRIMARY KEY REFERENCES interactions(id) ON DELETE CASCADE, mode TEXT NOT NULL DEFAULT 'manager' CHECK (mode IN ('bot', 'manager')), mode_changed_at TEXT, item_id TEXT, item_title TEXT, item_price TEXT, item_url TEXT, item_image_url TEXT, chat_updated_at TEXT, last_message_id TEXT ) STRICT;
-- table chat_messages
CREATE TABLE chat_messages ( id INTEGER PRIMARY KEY, interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE, external_id TEXT NOT NULL, direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')), sender TEXT NOT NULL CHECK (sender IN ('client', 'seller', 'wb', 'marketplace')), text TEXT NOT NULL DEFAULT '', attachments_json TEXT NOT NULL DEFAULT '[]', source TEXT, sent_at TEXT NOT NULL, raw_json TEXT NOT NULL DEFAULT '{}', UNIQUE (interaction_id, external_id) ) STRICT;
-- table inbox_counts
CREATE TABLE inbox_counts ( account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, channel TEXT NOT NULL CHECK (channel IN ('review', 'question', 'chat', 'avito_chat')), needs_response INTEGER NOT NULL CHECK (needs_response IN (0, 1)), n INTEGER NOT NULL CHECK (n >= 0), PRIMARY KEY (account_id, channel, needs_response) ) STRICT, WITHOUT ROWID;
-- table intent_cache
CREATE TABLE intent_cache ( text_key TEXT PRIMARY KEY, intent TEXT CHECK (intent IN ('sizing_fit', 'availability_delivery', 'spec_compatibility', 'pre_purchase', 'post_purchase', 'general')), model TEXT NOT NULL, created_at TEXT NOT NULL ) WITHOUT ROWID;
-- table interaction_events
CREATE TABLE interaction_events ( id INTEGER PRIMARY KEY, interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE, type TEXT NOT NULL, payload_json TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL ) STRICT;
-- table interactions
CREATE TABLE interactions ( id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, channel TEXT NOT NULL CHECK (channel IN ('review', 'question', 'chat', 'avito_chat')), external_id TEXT NOT NULL, nm_id INTEGER, product_article TEXT, product_name TEXT, brand TEXT, customer_name TEXT, customer_id TEXT, order_id TEXT, text TEXT NOT NULL DEFAULT '', pros TEXT, cons TEXT, rating INTEGER CHECK (rating BETWEEN 1 AND 5), occurred_at TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'responded', 'closed')), needs_response INTEGER NOT NULL DEFAULT 1 CHECK (needs_response IN (0, 1)), priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')), priority_rank INTEGER GENERATED ALWAYS AS ( CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END ) VIRTUAL, priority_reason TEXT, intent TEXT, sla_due_at TEXT, source TEXT NOT NULL DEFAULT 'wb_api', wb_state TEXT, was_viewed INTEGER NOT NULL DEFAULT 0 CHECK (was_viewed IN (0, 1)), last_reply_text TEXT, last_reply_at TEXT, answer_editable INTEGER CHECK (answer_editable IN (0, 1)), reply_state TEXT NOT NULL DEFAULT 'none' CHECK (reply_state IN ('none', 'queued', 'sending', 'sent_pending', 'confirmed', 'failed', 'conflict')), reply_sign TEXT, last_message_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, raw_json TEXT NOT NULL DEFAULT '{}', base_priority TEXT CHECK (base_priority IN ('urgent', 'high', 'normal', 'low')), sla_state TEXT CHECK (sla_state IN ('none', 'ok', 'due_soon', 'overdue')), sla_soon_at TEXT, sla_started_at TEXT, sla_rank INTEGER GENERATED ALWAYS AS ( CASE WHEN needs_response = 0 THEN 2 WHEN sla_state = 'overdue' THEN 0 WHEN sla_state = 'due_soon' THEN 1 ELSE 2 END ) VIRTUAL, snoozed_until TEXT, sort_priority TEXT GENERATED ALWAYS AS ( printf('%d%d%d%-32s%013d', 1 - needs_response, sla_rank, priority_rank, coalesce(sla_due_at, ''), 9999999999999 - (CAST(strftime('%s', occurred_at) AS INTEGER) * 1000 + CAST(substr(strftime('%f', occurred_at), 4, 3) AS INTEGER))) ) VIRTUAL, sort_sla TEXT GENERATED ALWAYS AS ( printf('%d%-32s%013d', 1 - needs_response, coalesce(sla_due_at, '~'), 9999999999999 - (CAST(strftime('%s', occurred_at) AS INTEGER) * 1000 + CAST(substr(strftime('%f', occurred_at), 4, 3) AS INTEGER))) ) VIRTUAL, sort_newest TEXT GENERATED ALWAYS AS (printf('%013d', 9999999999999 - (CAST(strftime('%s', occurred_at) AS INTEGER) * 1000 + CAST(substr(strftime('%f', occurred_at), 4, 3) AS INTEGER)))) VIRTUAL, UNIQUE (account_id, channel, external_id) ) STRICT;
-- table knowledge_entries
CREATE TABLE knowledge_entries ( id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, file TEXT NOT NULL, ordinal INTEGER NOT NULL, ref TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('faq', 'note')), title TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (account_id, file, ordinal) ) STRICT;
-- table knowledge_files
CREATE TABLE knowledge_files ( account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, file TEXT NOT NULL, size INTEGER NOT NULL, mtime_ms INTEGER NOT NULL, hash TEXT NOT NULL, indexed_at TEXT NOT NULL, PRIMARY KEY (account_id, file) ) STRICT;
-- table knowledge_fts
CREATE VIRTUAL TABLE knowledge_fts USING fts5( title, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0' );
-- table knowledge_fts_config
CREATE TABLE 'knowledge_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table knowledge_fts_data
CREATE TABLE 'knowledge_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table knowledge_fts_docsize
CREATE TABLE 'knowledge_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);
-- table knowledge_fts_idx
CREATE TABLE 'knowledge_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table link_candidates
CREATE TABLE link_candidates ( id INTEGER PRIMARY KEY, a_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE, b_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind IN ('deterministic', 'probabilistic')), confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1), signals_json TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, decision TEXT CHECK (decision IN ('confirmed', 'rejected')), decided_at TEXT, updated_at TEXT, UNIQUE (a_id, b_id), CHECK (a_id <> b_id) ) STRICT;
-- table media_cache
CREATE TABLE media_cache ( url TEXT PRIMARY KEY, file TEXT, content_type TEXT, bytes INTEGER, fetched_at TEXT, error TEXT, failed_at TEXT ) STRICT;
-- table outbox
CREATE TABLE outbox ( id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, interaction_id INTEGER NOT NULL REFERENCES interactions(id) ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind IN ('answer', 'edit', 'reject', 'chat_message', 'mark_viewed')), text TEXT NOT NULL DEFAULT '', idempotency_key TEXT NOT NULL UNIQUE, state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent_pending', 'confirmed', 'failed', 'conflict', 'cancelled')), origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('manual', 'draft', 'template', 'auto')), attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT, last_error TEXT, sent_at TEXT, confirmed_at TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL , version INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_until TEXT, wb_sent_at TEXT, wb_chat_id TEXT, wb_event_id TEXT, chat_baseline_id INTEGER) STRICT;
-- table products
CREATE TABLE products ( account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, nm_id INTEGER NOT NULL, name TEXT, article TEXT, brand TEXT, photo_url TEXT, updated_at TEXT NOT NULL, PRIMARY KEY (account_id, nm_id) ) STRICT;
-- table review_signals
CREATE TABLE review_signals ( interaction_id INTEGER PRIMARY KEY, version TEXT NOT NULL, signals TEXT NOT NULL );
-- table search_fts
CREATE VIRTUAL TABLE search_fts USING fts5( body, meta, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0' );
-- table search_fts_config
CREATE TABLE 'search_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table search_fts_data
CREATE TABLE 'search_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table search_fts_docsize
CREATE TABLE 'search_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);
-- table search_fts_idx
CREATE TABLE 'search_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table search_pending
CREATE TABLE search_pending ( interaction_id INTEGER PRIMARY KEY, fresh INTEGER NOT NULL DEFAULT 0 CHECK (fresh IN (0, 1)) ) STRICT;
-- table settings
CREATE TABLE settings ( account_id INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE, value_json TEXT NOT NULL DEFAULT '{}', updated_at TEXT NOT NULL ) STRICT;
-- table sync_runs
CREATE TABLE sync_runs ( id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, channel TEXT NOT NULL CHECK (channel IN ('review', 'question', 'chat', 'avito_chat')), started_at TEXT NOT NULL, finished_at TEXT, outcome TEXT NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'error')), full_sync INTEGER NOT NULL DEFAULT 0 CHECK (full_sync IN (0, 1)), requests INTEGER NOT NULL DEFAULT 0, fetched INTEGER NOT NULL DEFAULT 0, created INTEGER NOT NULL DEFAULT 0, updated INTEGER NOT NULL DEFAULT 0, skipped INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0, rate_limited INTEGER NOT NULL DEFAULT 0, duration_ms INTEGER, error_reason TEXT ) STRICT;
-- table sync_state
CREATE TABLE sync_state ( account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, channel TEXT NOT NULL CHECK (channel IN ('review', 'question', 'chat', 'avito_chat')), status TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'syncing', 'error')), status_reason TEXT, status_changed_at TEXT, watermark TEXT, cursor TEXT, progress_fetched INTEGER NOT NULL DEFAULT 0, progress_total INTEGER, last_sync_at TEXT, last_success_at TEXT, last_error TEXT, PRIMARY KEY (account_id, channel) ) STRICT;
-- table wb_limit_state
CREATE TABLE wb_limit_state ( account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE, limit_group TEXT NOT NULL, retry_at INTEGER, pace_at INTEGER, updated_at TEXT NOT NULL, PRIMARY KEY (account_id, limit_group) ) STRICT;
-- trigger inbox_counts_ad
CREATE TRIGGER inbox_counts_ad AFTER DELETE ON interactions BEGIN UPDATE inbox_counts SET n = n - 1 WHERE account_id = old.account_id AND channel = old.channel AND needs_response = old.needs_response; END;
-- trigger inbox_counts_ai
CREATE TRIGGER inbox_counts_ai AFTER INSERT ON interactions BEGIN INSERT INTO inbox_counts (account_id, channel, needs_response, n) VALUES (new.account_id, new.channel, new.needs_response, 1) ON CONFLICT (account_id, channel, needs_response) DO UPDATE SET n = n + 1; END;
-- trigger inbox_counts_au
CREATE TRIGGER inbox_counts_au AFTER UPDATE OF account_id, channel, needs_response ON interactions WHEN old.account_id IS NOT new.account_id OR old.channel IS NOT new.channel OR old.needs_response IS NOT new.needs_response BEGIN UPDATE inbox_counts SET n = n - 1 WHERE account_id = old.account_id AND channel = old.channel AND needs_response = old.needs_response; INSERT INTO inbox_counts (account_id, channel, needs_response, n) VALUES (new.account_id, new.channel, new.needs_response, 1) ON CONFLICT (account_id, channel, needs_response) DO UPDATE SET n = n + 1; END;
-- trigger knowledge_entries_ad
CREATE TRIGGER knowledge_entries_ad AFTER DELETE ON knowledge_entries BEGIN DELETE FROM knowledge_fts WHERE rowid = old.id; END;
-- trigger review_signals_gone
CREATE TRIGGER review_signals_gone AFTER DELETE ON interactions BEGIN DELETE FROM review_signals WHERE interaction_id = old.id; END;
-- trigger review_signals_text
CREATE TRIGGER review_signals_text AFTER UPDATE OF text, cons ON interactions WHEN old.text IS NOT new.text OR old.cons IS NOT new.cons BEGIN DELETE FROM review_signals WHERE interaction_id = old.id; END;
-- trigger search_pending_ad
CREATE TRIGGER search_pending_ad AFTER DELETE ON interactions BEGIN DELETE FROM search_fts WHERE rowid = old.id; DELETE FROM search_pending WHERE interaction_id = old.id; END;
-- trigger search_pending_ai
CREATE TRIGGER search_pending_ai AFTER INSERT ON interactions BEGIN INSERT OR IGNORE INTO search_pending(interaction_id, fresh) VALUES (new.id, 1); END;
-- trigger search_pending_au
CREATE TRIGGER search_pending_au AFTER UPDATE OF text, pros, cons, product_name, product_article, nm_id, customer_name ON interactions WHEN new.text IS NOT old.text OR new.pros IS NOT old.pros OR new.cons IS NOT old.cons OR new.product_name IS NOT old.product_name OR new.product_article IS NOT old.product_article OR new.nm_id IS NOT old.nm_id OR new.customer_name IS NOT old.customer_name BEGIN INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (new.id); END;
-- trigger search_pending_message_ad
CREATE TRIGGER search_pending_message_ad AFTER DELETE ON chat_messages BEGIN INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (old.interaction_id); END;
-- trigger search_pending_message_ai
CREATE TRIGGER search_pending_message_ai AFTER INSERT ON chat_messages BEGIN INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (new.interaction_id); END;
-- trigger search_pending_message_au
CREATE TRIGGER search_pending_message_au AFTER UPDATE OF text ON chat_messages WHEN new.text IS NOT old.text BEGIN INSERT OR IGNORE INTO search_pending(interaction_id) VALUES (new.interaction_id); END;
