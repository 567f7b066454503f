import type { NewInteraction } from '../db/schema';
import type { SqlRunner } from '../db/sql-runner';
import { classifyQuestionIntent } from '../inbox/intent';
import { priorityFields } from '../inbox/normalise';
import { assessPriority, type SlaSettings } from '../inbox/priority';
import { readSlaSettings } from '../settings';
import { DEMO_ITEMS, type DemoItem } from './demo-data';

// eslint-disable-next-line no-restricted-syntax -- the demo account's name is data (shown as any shop's name)
const DEMO_ACCOUNT_NAME = 'Демо-магазин';
const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000);

/**
 * Seeds the demo shop (`source = demo`). Idempotent: the account is found by its demo flag and
 * every row is inserted with ON CONFLICT DO NOTHING on its natural key, so seeding twice changes nothing.
 */
export function seedDemoShop(db: SqlRunner, now: Date): { accountId: number; created: number } {
  return db.transaction(() => {
    const stamp = now.toISOString();
    const accountId =
      db.get(db.build.selectFrom('accounts').select('id').where('is_demo', '=', 1))?.id ??
      db.get(
        db.build
          .insertInto('accounts')
          .values({
            name: DEMO_ACCOUNT_NAME,
            is_demo: 1,
            token_ref: null,
            token_expires_at: null,
            token_type: null,
            seller_id: null,
            created_at: stamp,
            updated_at: stamp,
          })
          .returning('id'),
      )!.id;

    const sla = readSlaSettings(db, accountId);
    let created = 0;
    for (const item of DEMO_ITEMS) {
      const inserted = db.get(
        db.build
          .insertInto('interactions')
          .values(toRow(item, accountId, now, sla))
          .onConflict((oc) => oc.columns(['account_id', 'channel', 'external_id']).doNothing())
          .returning('id'),
      );
      if (!inserted) continue;
      created += 1;
      db.run(
        db.build
          .insertInto('products')
          .values({
            account_id: accountId,
            nm_id: item.product.nmId,
            name: item.product.name,
            article: item.product.article,
            brand: item.product.brand,
            photo_url: null,
            updated_at: stamp,
          })
          .onConflict((oc) => oc.columns(['account_id', 'nm_id']).doNothing()),
      );
      for (const message of item.messages ?? []) {
        db.run(
          db.build.insertInto('chat_messages').values({
            interaction_id: inserted.id,
            external_id: message.id,
            direction: message.sender === 'client' ? 'inbound' : 'outbound',
            sender: message.sender,
            text: message.text,
            attachments_json: JSON.stringify(
              message.attachment
                ? [
                    {
                      kind: 'file',
                      name: message.attachment.name,
                      contentType: message.attachment.contentType,
                      downloadId: null,
                      url: null,
                      size: null,
                    },
                  ]
                : [],
            ),
            source: 'demo',
            sent_at: hoursBefore(now, message.hoursAgo).toISOString(),
          }),
        );
      }
    }
    return { accountId, created };
  });
}

function toRow(item: DemoItem, accountId: number, now: Date, sla: SlaSettings): NewInteraction {
  const occurredAt = hoursBefore(now, item.hoursAgo);
  const lastMessage = item.messages?.at(-1);
  const answered = item.channel === 'chat' ? lastMessage?.sender === 'seller' : item.answer !== undefined;
  const intent = item.channel === 'question' ? classifyQuestionIntent(item.text) : null;
  // A chat waits since the buyer's first message after the seller's last one.
  const lastSeller = item.messages?.findLastIndex((message) => message.sender === 'seller') ?? -1;
  const firstWaiting = item.messages?.[lastSeller + 1];
  const waitingSince = item.channel === 'chat' && firstWaiting ? hoursBefore(now, firstWaiting.hoursAgo) : null;
  const assessed = assessPriority({
    channel: item.channel,
    rating: item.rating ?? null,
    text: `${item.text} ${item.cons ?? ''}`,
    intent,
    occurredAt: waitingSince ?? occurredAt,
    needsResponse: !answered,
    now,
    ...sla,
  });
  return {
    account_id: accountId,
    channel: item.channel,
    external_id: item.externalId,
    nm_id: item.product.nmId,
    product_article: item.product.article,
    product_name: item.product.name,
    brand: item.product.brand,
    customer_name: item.customer,
    customer_id: item.customerId ?? null,
    order_id: item.orderId ?? null,
    text: item.text,
    pros: item.pros ?? null,
    cons: item.cons ?? null,
    rating: item.rating ?? null,
    occurred_at: occurredAt.toISOString(),
    status: answered ? 'responded' : 'open',
    needs_response: answered ? 0 : 1,
    ...priorityFields(assessed),
    sla_started_at: waitingSince?.toISOString() ?? null,
    intent,
    source: 'demo',
    last_reply_text: item.channel === 'chat' ? (answered ? (lastMessage?.text ?? null) : null) : (item.answer ?? null),
    last_reply_at: answered ? hoursBefore(now, Math.max(item.hoursAgo - 1, 0)).toISOString() : null,
    answer_editable: item.channel !== 'chat' && answered ? 1 : null,
    last_message_at: lastMessage ? hoursBefore(now, lastMessage.hoursAgo).toISOString() : null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    raw_json: '{}',
  };
}
