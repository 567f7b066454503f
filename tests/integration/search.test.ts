import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations';
import type { Core } from '../../src-main/core/core';
import { openDatabase } from '../../src-main/core/db/database';
import {
  inboxSearchFilteredQuery,
  inboxSearchQuery,
  SEARCH_RANK_CAP,
  searchPage,
} from '../../src-main/core/inbox/queries';
import { indexPending } from '../../src-main/core/search/search-index';
import { parseSearch } from '../../src-main/core/search/search-query';
import type { SqlRunner } from '../../src-main/core/db/sql-runner';
import type { InteractionDetail, InteractionSummary } from '../../src-shared/domain/interaction';
import type { SearchSnippet, TextRange } from '../../src-shared/domain/search';
import type { InboxPage } from '../../src-shared/ipc/contract';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';
import { startSyncEnv, useOpenEnvs } from '../helpers/wb-env';

const tempDir = useTempDirs();
const open = useOpenEnvs();
const STAMP = '2026-11-22T10:00:00.000Z';

interface Item {
  channel?: 'review' | 'question' | 'chat';
  text?: string;
  pros?: string | null;
  cons?: string | null;
  productName?: string | null;
  productArticle?: string | null;
  customerName?: string | null;
  needsResponse?: boolean;
  messages?: string[];
}

let external = 0;

function addAccount(db: SqlRunner, name: string): number {
  return db.get(
    db.build
      .insertInto('accounts')
      .values({
        name,
        token_ref: null,
        token_expires_at: null,
        token_type: null,
        seller_id: null,
        created_at: STAMP,
        updated_at: STAMP,
      })
      .returning('id'),
  )!.id;
}

/** Writes an interaction (and its chat messages) as the sync would: plain rows, indexed by the core. */
function addItem(db: SqlRunner, accountId: number, item: Item): number {
  const id = db.get(
    db.build
      .insertInto('interactions')
      .values({
        account_id: accountId,
        channel: item.channel ?? 'review',
        external_id: `x${(external += 1)}`,
        text: item.text ?? '',
        pros: item.pros ?? null,
        cons: item.cons ?? null,
        product_name: item.productName ?? null,
        product_article: item.productArticle ?? null,
        customer_name: item.customerName ?? null,
        needs_response: item.needsResponse === false ? 0 : 1,
        occurred_at: STAMP,
        created_at: STAMP,
        updated_at: STAMP,
      })
      .returning('id'),
  )!.id;
  (item.messages ?? []).forEach((text, index) =>
    db.run(
      db.build.insertInto('chat_messages').values({
        interaction_id: id,
        external_id: `m${id}-${index}`,
        direction: index % 2 === 0 ? 'inbound' : 'outbound',
        sender: index % 2 === 0 ? 'client' : 'seller',
        text,
        sent_at: `2026-11-22T10:0${index}:00.000Z`,
      }),
    ),
  );
  return id;
}

async function shop(items: Item[]) {
  const core = await makeCore(tempDir(), () => new Date(STAMP));
  const db = core.internals.database.runner;
  const accountId = addAccount(db, 'Shop');
  const ids = items.map((item) => addItem(db, accountId, item));
  return { core, db, accountId, ids };
}

async function list(core: Core, input: Record<string, unknown>): Promise<InboxPage> {
  const result = await core.call('inbox.list', { limit: 100, ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as InboxPage;
}

async function found(core: Core, accountId: number, search: string): Promise<number[]> {
  return (await list(core, { accountId, search })).items.map((item) => item.id).sort((a, b) => a - b);
}

/** The words a snippet marks, as the renderer would cut them. */
const marked = (snippet: { text: string; ranges: TextRange[] } | null | undefined) =>
  (snippet?.ranges ?? []).map(([start, end]) => snippet!.text.slice(start, end));

describe('search: Russian word forms, stemmed index (issue 9 item 6)', () => {
  it('finds every case and number of a word from any of them', async () => {
    const { core, accountId, ids } = await shop([
      { text: 'Хороший размер, подошёл' },
      { text: 'Размеры соответствуют таблице' },
      { text: 'Нет моего размера' },
      { text: 'С размерами беда' },
      { text: 'Платье маломерит на два размера' },
      { text: 'Кроссовки маломерят' },
      { text: 'Доставка быстрая' },
      { text: 'Ждал доставки неделю' },
      { text: 'Доволен доставкой' },
      { text: 'Ничего общего' },
    ]);
    const [r1, r2, r3, r4, m1, m2, d1, d2, d3] = ids;
    for (const form of ['размер', 'размеры', 'размера', 'размерами', 'РАЗМЕРАМ'])
      expect(await found(core, accountId, form)).toEqual([r1, r2, r3, r4, m1]);
    for (const form of ['маломерит', 'маломерят', 'маломерил'])
      expect(await found(core, accountId, form)).toEqual([m1, m2]);
    for (const form of ['доставка', 'доставки', 'доставкой'])
      expect(await found(core, accountId, form)).toEqual([d1, d2, d3]);
    // The last word is a prefix of a stem: results while typing.
    expect(await found(core, accountId, 'разм')).toEqual([r1, r2, r3, r4, m1]);
    expect(await found(core, accountId, 'дост')).toEqual([d1, d2, d3]);
    // Other words must match a whole stem, and all of them (AND).
    expect(await found(core, accountId, 'маломерит размер')).toEqual([m1]);
    expect(await found(core, accountId, 'маломер разм')).toEqual([m1]);
    expect(await found(core, accountId, 'разм маломер')).toEqual([]); // only the last word is a prefix
    expect(await found(core, accountId, 'доставка размер')).toEqual([]);
    await core.close();
  });

  it('treats ё as е, ignores case and accents, keeps й', async () => {
    const { core, accountId, ids } = await shop([
      { text: 'Ещё раз закажу, ЁЛКА пришла целой' },
      { text: 'Еще не пришло, елки-палки' },
      { text: 'Кофе в café, йогурт' },
      { text: 'Иогурт без й' },
    ]);
    const [yo, ye, cafe, yot] = ids;
    expect(await found(core, accountId, 'еще')).toEqual([yo, ye]);
    expect(await found(core, accountId, 'ещё')).toEqual([yo, ye]);
    expect(await found(core, accountId, 'ёлки')).toEqual([yo, ye]);
    expect(await found(core, accountId, 'CAFE')).toEqual([cafe]);
    expect(await found(core, accountId, 'йогурт')).toEqual([cafe]);
    expect(await found(core, accountId, 'иогурт')).toEqual([yot]);
    await core.close();
  });

  it('finds sizes, articles and Latin words; hyphenated words are a phrase', async () => {
    const { core, accountId, ids } = await shop([
      { text: 'Брал 42-44, подошло', productArticle: 'AB-1234' },
      { text: 'Мне 42 года, а мужу 44' },
      { text: 'Чехол для iPhone отличный', productName: 'Чехол Samsung S21' },
      { text: 'Темно-синий цвет' },
    ]);
    const [size, years, phone, color] = ids;
    expect(await found(core, accountId, '42-44')).toEqual([size]);
    expect(await found(core, accountId, '42 44')).toEqual([size, years]);
    expect(await found(core, accountId, 'ab-1234')).toEqual([size]);
    expect(await found(core, accountId, 'iphones')).toEqual([phone]);
    expect(await found(core, accountId, 'samsung s2')).toEqual([phone]);
    expect(await found(core, accountId, 'темно-синего')).toEqual([color]);
    expect(await found(core, accountId, 'синий')).toEqual([color]);
    await core.close();
  });

  it('stemming does not join different roots: «пахнет» does not find «запах»', async () => {
    const { core, accountId, ids } = await shop([{ text: 'Сильный запах' }, { text: 'Пахнет химией' }]);
    expect(await found(core, accountId, 'запах')).toEqual([ids[0]]);
    expect(await found(core, accountId, 'пахнет')).toEqual([ids[1]]);
    await core.close();
  });

  it('finds a chat by any of its messages and points the snippet at that message', async () => {
    const { core, accountId, ids } = await shop([
      {
        channel: 'chat',
        text: 'Когда отправите?',
        messages: ['Здравствуйте, курьер не привёз заказ', 'Уточним', 'Когда отправите?'],
      },
      { text: 'Курьеры молодцы' },
    ]);
    const page = await list(core, { accountId, search: 'курьера' });
    expect(page.items.map((item) => item.id).sort()).toEqual([...ids].sort());
    const chat = page.items.find((item) => item.channel === 'chat')!;
    const detail = (await core.call('interaction.get', { id: chat.id })) as { value: InteractionDetail };
    expect(chat.snippet).toMatchObject({ source: 'message', messageId: detail.value.messages[0]!.id });
    expect(marked(chat.snippet)).toEqual(['курьер']);
    await core.close();
  });

  it('combines with every inbox filter and counts the total under them', async () => {
    const { core, db, accountId } = await shop([
      { text: 'брак шва', needsResponse: true },
      { text: 'брак упаковки', needsResponse: false },
      { channel: 'question', text: 'это брак?', needsResponse: true },
      { text: 'всё отлично' },
    ]);
    const other = addAccount(db, 'Other');
    addItem(db, other, { text: 'брак у соседа' });
    expect((await list(core, { accountId, search: 'брак' })).total).toBe(3);
    expect((await list(core, { accountId, search: 'брак', channel: 'review' })).total).toBe(2);
    expect((await list(core, { accountId, search: 'брак', needsResponse: true })).total).toBe(2);
    const page = await list(core, { accountId, search: 'брак', channel: 'review', needsResponse: false });
    expect(page.total).toBe(1);
    expect(page.items.map((item) => item.text)).toEqual(['брак упаковки']);
    expect((await list(core, { accountId: other, search: 'брак' })).total).toBe(1);
    // Paging keeps the total and moves through the ranked matches.
    const first = await list(core, { accountId, search: 'брак', limit: 2 });
    const second = await list(core, { accountId, search: 'брак', limit: 2, offset: 2 });
    expect([first.total, second.total]).toEqual([3, 3]);
    expect(new Set([...first.items, ...second.items].map((item) => item.id)).size).toBe(3);
    await core.close();
  });

  it('orders matches by relevance when searching, by the inbox order otherwise', async () => {
    const { core, accountId, ids } = await shop([
      { text: 'Отличный чайник', productName: 'Пакет брака нет', needsResponse: true },
      { text: 'Брак, брак и ещё раз брак', needsResponse: false },
      {
        text: 'Длинный отзыв о том, как всё было, и в самом конце один брак нашёлся у крышки чайника',
        needsResponse: false,
      },
    ]);
    const [inName, thrice, once] = ids;
    const ranked = (await list(core, { accountId, search: 'брак' })).items.map((item) => item.id);
    expect(ranked).toEqual([thrice, once, inName]);
    const plain = (await list(core, { accountId })).items.map((item) => item.id);
    expect(plain[0]).toBe(inName); // needs a response: first in the inbox order
    await core.close();
  });

  it('snippets and detail highlights mark exactly the matched Russian words', async () => {
    const long =
      'Заказывала в подарок маме, коробка пришла целой, курьер вежливый, всё по инструкции. ' +
      'Но через неделю появились проблемы: чайник стал протекать снизу, а при кипячении неприятно пахнет пластиком. ' +
      'Чайники этой фирмы раньше были лучше.';
    const { core, accountId, ids } = await shop([{ text: long, pros: 'Красивый чайник', cons: 'Протекает' }]);
    const [item] = (await list(core, { accountId, search: 'чайника протека' })).items as InteractionSummary[];
    expect(item!.id).toBe(ids[0]);
    const snippet = item!.snippet as SearchSnippet;
    expect(snippet.source).toBe('text');
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(170);
    expect(marked(snippet)).toEqual(['чайник', 'протекать', 'Чайники']);
    const detail = (
      (await core.call('interaction.get', { id: ids[0]!, search: 'чайника протека' })) as { value: InteractionDetail }
    ).value;
    const words = (text: string, ranges: TextRange[]) => ranges.map(([start, end]) => text.slice(start, end));
    expect(words(detail.text, detail.highlights!.text)).toEqual(['чайник', 'протекать', 'Чайники']);
    expect(words(detail.pros!, detail.highlights!.pros)).toEqual(['чайник']);
    expect(words(detail.cons!, detail.highlights!.cons)).toEqual(['Протекает']);
    // Without a search: no highlights, no snippets.
    expect(
      ((await core.call('interaction.get', { id: ids[0]! })) as { value: InteractionDetail }).value.highlights,
    ).toBeUndefined();
    expect((await list(core, { accountId })).items[0]!.snippet).toBeUndefined();
    await core.close();
  });

  it('never errors on hostile input', async () => {
    const { core, accountId } = await shop([{ text: 'обычный отзыв "в кавычках" AND NEAR' }]);
    const inputs = [
      '"',
      '""*',
      'отзыв"',
      'AND',
      'NOT отзыв',
      'отзыв OR',
      'NEAR(отзыв кавычках)',
      'body:отзыв',
      '^отзыв',
      '*',
      '-отзыв',
      '(((',
      "'; DROP TABLE interactions; --",
      '!@#$%^&*()_+{}|:"<>?~`'.repeat(9).slice(0, 200),
      'а'.repeat(200),
      Array.from({ length: 100 }, () => 'ы').join(' '),
      '\u0000\u200b\ud83d\ude00',
    ];
    for (const search of inputs) {
      const result = await core.call('inbox.list', { accountId, search });
      expect(result.ok, search).toBe(true);
    }
    expect(await found(core, accountId, 'NEAR(отзыв кавычках)')).toHaveLength(1);
    expect(await found(core, accountId, '"отзыв"')).toHaveLength(1);
    // Nothing searchable left: the plain inbox.
    expect((await list(core, { accountId, search: '!!! ***' })).total).toBe(1);
    await core.close();
  });
});

describe('search of a common word: more matches than a search ranks', () => {
  /**
   * Oldest: strong matches; then SEARCH_RANK_CAP + 100 weak ones (every other one answered,
   * every fifth a question) with one strong match in the middle of the newest; another shop's
   * matches; a rare word in three items.
   */
  async function bigShop() {
    const { core, db, accountId } = await shop([]);
    const other = addAccount(db, 'Other');
    const half = (SEARCH_RANK_CAP + 100) / 2;
    const ids = db.transaction(() => {
      const oldStrong = Array.from({ length: 50 }, () => addItem(db, accountId, { text: 'брак брак брак шва' }));
      const weak: number[] = [];
      const weakItem = (i: number): Item => ({
        channel: i % 5 === 0 ? 'question' : 'review',
        text: `Пришёл товар номер ${i}, есть брак упаковки, в остальном всё хорошо и по описанию`,
        needsResponse: i % 2 === 0,
        productName: i < 3 ? 'Беспроводные наушники' : null,
      });
      for (let i = 0; i < half; i += 1) weak.push(addItem(db, accountId, weakItem(i)));
      const recentStrong = addItem(db, accountId, { text: 'Брак, брак и ещё раз брак', needsResponse: false });
      for (let i = half; i < 2 * half; i += 1) weak.push(addItem(db, accountId, weakItem(i)));
      for (let i = 0; i < 20; i += 1) addItem(db, other, { text: 'брак брак брак у соседа' });
      return { oldStrong, weak, recentStrong };
    });
    while (indexPending(db, 1000) > 0);
    return { core, db, accountId, other, ...ids };
  }

  it('ranks the newest matches, most relevant first, pages through them and flags the total', async () => {
    const { core, accountId, oldStrong, weak, recentStrong } = await bigShop();
    const newest = [...weak, recentStrong]
      .sort((a, b) => b - a)
      .slice(0, SEARCH_RANK_CAP)
      .sort((a, b) => a - b);
    const first = await list(core, { accountId, search: 'брака' });
    expect(first).toMatchObject({ total: SEARCH_RANK_CAP, totalCapped: true });
    expect(first.items).toHaveLength(100);
    // The strong match among the newest comes first; the old strong ones are beyond the ranked set.
    expect(first.items[0]!.id).toBe(recentStrong);
    expect(first.items.some((item) => oldStrong.includes(item.id))).toBe(false);
    // Equal ranks (the weak matches all alike but for their number): newest first.
    const rest = first.items.slice(1).map((item) => item.id);
    expect(rest).toEqual([...rest].sort((a, b) => b - a));
    expect(first.items[1]!.snippet?.text).toContain('брак');

    const pages: number[] = [];
    for (let offset = 0; offset < SEARCH_RANK_CAP + 100; offset += 100) {
      const next = await list(core, { accountId, search: 'брака', offset });
      expect(next).toMatchObject({ total: SEARCH_RANK_CAP, totalCapped: true });
      pages.push(...next.items.map((item) => item.id));
    }
    expect([...pages].sort((a, b) => a - b)).toEqual(newest);
    await core.close();
  });

  it('the filters apply before the cap; under it the total is exact and not flagged', async () => {
    const { core, db, accountId, other, oldStrong, weak, recentStrong } = await bigShop();
    // Waiting: the old strong ones and every other weak one, fewer than the cap all told.
    const waiting = await list(core, { accountId, search: 'брак', needsResponse: true, limit: 500 });
    const waitingIds = [...oldStrong, ...weak.filter((_, i) => i % 2 === 0)];
    expect(waiting.total).toBe(waitingIds.length);
    expect(waiting.totalCapped).toBeUndefined();
    expect(waiting.items.map((item) => item.id).sort((a, b) => a - b)).toEqual(waitingIds);
    expect(waiting.items.slice(0, 50).map((item) => item.id)).toEqual([...oldStrong].reverse());

    const questions = await list(core, { accountId, search: 'брак', channel: 'question', limit: 500 });
    expect(questions.total).toBe(weak.filter((_, i) => i % 5 === 0).length);
    expect(questions.items.every((item) => item.channel === 'question')).toBe(true);
    expect(questions.totalCapped).toBeUndefined();

    const answered = await list(core, { accountId, search: 'брак', needsResponse: false });
    expect(answered.items[0]!.id).toBe(recentStrong);

    expect(await list(core, { accountId: other, search: 'брак' })).toMatchObject({ total: 20 });
    const rare = await list(core, { accountId, search: 'наушники' });
    expect(rare.total).toBe(3);
    expect(rare.totalCapped).toBeUndefined();
    expect(rare.items.map((item) => item.id).sort((a, b) => a - b)).toEqual(weak.slice(0, 3));

    // Both ways to the newest matches (from the index of matches, from the filters' index) agree.
    const match = parseSearch('брак')!.match;
    const queues = (['unanswered', 'done'] as const).map((queue) => ({ queue }));
    for (const filters of [
      {},
      { needsResponse: true },
      { channel: 'review' as const },
      { needsResponse: false },
      ...queues,
    ]) {
      const input = { accountId, limit: 100, offset: 0, ...filters };
      const byMatches = db.all(inboxSearchQuery(db, input, match, SEARCH_RANK_CAP)).map((row) => row.id);
      const byFilters = db.all(inboxSearchFilteredQuery(db, input, match, SEARCH_RANK_CAP)).map((row) => row.id);
      expect(byMatches.length).toBeGreaterThan(0);
      expect(byMatches).toEqual(byFilters);
      // A big inbox's broad filters take the first way, narrow ones the second: the same page and total.
      const byIndex = searchPage(db, input, match, { filterFirst: false });
      const byFilter = searchPage(db, input, match, { filterFirst: true });
      expect(byIndex.rows.map((row) => row.id)).toEqual(byFilter.rows.map((row) => row.id));
      expect([byIndex.total, byIndex.totalCapped]).toEqual([byFilter.total, byFilter.totalCapped]);
    }
    await core.close();
  });
});

describe('search index upkeep', () => {
  it('a database made by the previous migrations is backfilled, in the background and resumably', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'agentiq.db');
    const before = migrations.findIndex((m) => m.name === '0009-search-stems');
    const old = await openDatabase(file, { migrations: migrations.slice(0, before) });
    const accountId = addAccount(old.runner, 'Old shop');
    const review = addItem(old.runner, accountId, { text: 'Старые размеры' });
    const chat = addItem(old.runner, accountId, { channel: 'chat', text: 'Где посылка?', messages: ['Где посылка?'] });
    for (let i = 0; i < 450; i += 1) addItem(old.runner, accountId, { text: `Отзыв номер ${i}` });
    await old.close();

    const core = await makeCore(dir);
    const db = core.internals.database.runner;
    const pending = () =>
      Number(db.get(db.build.selectFrom('search_pending').select((eb) => eb.fn.countAll().as('n')))!.n);
    expect(pending()).toBe(452);
    core.start({ syncIntervalMs: 3_600_000 });
    await core.internals.searchIndexer.kick();
    expect(pending()).toBe(0);
    expect(await found(core, accountId, 'размер')).toEqual([review]);
    expect(await found(core, accountId, 'посылки')).toEqual([chat]);
    expect((await list(core, { accountId, search: 'отзыв номер' })).total).toBe(450);
    await core.close();
  });

  it('an edited text and a new chat message are searchable at once; a deleted row leaves the index', async () => {
    const { core, db, accountId, ids } = await shop([
      { text: 'первый текст' },
      { channel: 'chat', messages: ['привет'] },
    ]);
    const [review, chat] = ids as [number, number];
    expect(await found(core, accountId, 'первый')).toEqual([review]);
    db.run(db.build.updateTable('interactions').set({ text: 'второй текст' }).where('id', '=', review));
    db.run(
      db.build.insertInto('chat_messages').values({
        interaction_id: chat,
        external_id: 'late',
        direction: 'inbound',
        sender: 'client',
        text: 'посылка потерялась',
        sent_at: STAMP,
      }),
    );
    expect(await found(core, accountId, 'первый')).toEqual([]);
    expect(await found(core, accountId, 'вторые')).toEqual([review]);
    expect(await found(core, accountId, 'посылку')).toEqual([chat]);
    expect(await found(core, accountId, 'привет')).toEqual([chat]);
    db.run(db.build.deleteFrom('interactions').where('id', '=', review));
    expect(await found(core, accountId, 'текст')).toEqual([]);
    await core.close();
  });

  it('the sync indexes what it writes in the same slices (nothing left pending)', async () => {
    const env = await startSyncEnv(tempDir(), { reviews: 60, questions: 10, chats: 4 });
    open.push(env);
    env.sim.state.feedbacks[0]!.text = 'Кроссовки маломерят на размер';
    const event = env.sim.state.events.find((e) => e.message?.text)!;
    event.message!.text = 'Курьер не довёз посылку';
    await env.sync(true);
    const db = env.core.internals.database.runner;
    const pendingChannels = () =>
      db
        .all(
          db.build
            .selectFrom('search_pending')
            .innerJoin('interactions', 'id', 'interaction_id')
            .select('channel')
            .distinct(),
        )
        .map((row) => row.channel);
    // Reviews, questions and chat messages are indexed in the slice that wrote them; only the
    // chats' product names, filled once the sync ends, wait for the background indexer.
    expect(pendingChannels()).not.toContain('review');
    expect(pendingChannels()).not.toContain('question');
    await env.core.internals.searchIndexer.kick();
    expect(pendingChannels()).toEqual([]);
    const reviews = await list(env.core, { accountId: env.accountId, search: 'маломерит' });
    expect(reviews.items.map((item) => item.text)).toContain('Кроссовки маломерят на размер');
    const chats = await list(env.core, { accountId: env.accountId, search: 'посылки курьер', channel: 'chat' });
    expect(chats.total).toBe(1);
    expect(marked(chats.items[0]!.snippet)).toEqual(['Курьер', 'посылку']);
  });
});
