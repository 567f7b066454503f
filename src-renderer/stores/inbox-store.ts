import { create } from 'zustand';
import type {
  InboxChannel,
  InboxQueue,
  InboxSort,
  InteractionDetail,
  InteractionSummary,
  MarketplaceFilter,
} from '../../src-shared/domain/interaction';
import type { InboxCountsView, ShopCount } from '../../src-shared/ipc/contract';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

export type ChannelFilter = InboxChannel | 'all';
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Rows per page fetched from the core; the virtual list asks for the pages its viewport needs. */
export const PAGE_SIZE = 100;
/** Pages kept around the viewport; farther ones are dropped (a jump back refetches them). */
const KEEP_PAGES = 30;
/** «Все магазины»: the seller's pick survives reloads. */
const ALL_SHOPS_KEY = 'agentiq.allShops';

export type QueueFilter = InboxQueue | 'all';

const readAllShops = (): boolean => {
  try {
    return window.localStorage.getItem(ALL_SHOPS_KEY) === '1';
  } catch {
    return false;
  }
};
const SEARCH_DEBOUNCE_MS = 250;

/** A list's total as shown: «500+» when a search matched more than it ranks (InboxPage.totalCapped). */
export const totalText = (total: number, capped: boolean) => `${total}${capped ? '+' : ''}`;

interface InboxState {
  accountId: number | null;
  channel: ChannelFilter;
  needsResponse: boolean;
  search: string;

  /** «Все магазины»: every shop merged (`accountId` stays the shop settings and templates belong to). */
  allShops: boolean;
  queue: QueueFilter;
  sort: InboxSort;
  /** Marketplace filter (issue 12): the shops of one marketplace, or all. */
  marketplace: MarketplaceFilter;

  counts: InboxCountsView | null;
  countsError: UiError | null;
  /** Per shop, waiting and not snoozed (the shop switcher). */
  shopCounts: ShopCount[];

  /** Loaded pages of the list by page index (PAGE_SIZE rows each); the virtual list reads rows by index. */
  pages: Record<number, InteractionSummary[]>;
  /** The loaded window: the rows of the loaded pages in list order (for the keyboard helper). */
  items: InteractionSummary[];
  /** The selected row's index in the whole list, when known (a loaded page holds it). */
  selectedIndex: number | null;
  total: number;
  /** A search matched more than it ranks: `total` is a lower bound, shown as «500+». */
  totalCapped: boolean;
  listStatus: LoadStatus;
  listError: UiError | null;
  loadingMore: boolean;

  selectedId: number | null;
  detail: InteractionDetail | null;
  detailStatus: LoadStatus;
  detailError: UiError | null;

  open(accountId: number): Promise<void>;
  setChannel(channel: ChannelFilter): void;
  setNeedsResponse(needsResponse: boolean): void;
  setSearch(search: string): void;
  reload(): Promise<void>;
  loadCounts(): Promise<void>;
  loadList(): Promise<void>;
  loadMore(): Promise<void>;
  select(id: number): Promise<void>;
  /** Moves the selection by `delta` rows in the whole list (fetches the page it lands on). */
  moveSelection(delta: number): void;
  /** Selects the row at index `i` of the whole list (fetches its page if needed). */
  selectIndex(i: number): Promise<void>;
  /** The row at index `i`, if its page is loaded. */
  rowAt(i: number): InteractionSummary | undefined;
  /** The virtual list's viewport: fetches the pages rows `start`..`end` need. */
  ensureRange(start: number, end: number): void;
  setQueue(queue: QueueFilter): void;
  setSort(sort: InboxSort): void;
  setMarketplace(marketplace: MarketplaceFilter): void;
  setAllShops(allShops: boolean): void;
  loadShopCounts(): Promise<void>;
  /** inbox.changed / outbox.changed for this account: counts, list and the open item may have moved. */
  refresh(interactionId?: number): Promise<void>;
}

// Responses can arrive out of order (fast typing in search, quick arrow presses): each load
// takes a ticket and only the newest ticket may write its result.
let listTicket = 0;
let countsTicket = 0;
let detailTicket = 0;
let searchTimer: ReturnType<typeof setTimeout> | null = null;
let shopTicket = 0;
/** Per page index: the keyset cursor to the next page (valid for the current list generation). */
let cursors = new Map<number, string | null>();
/** Pages being fetched for the current generation (`listTicket`). */
let inflight = new Map<number, Promise<void>>();
/** The last viewport asked for: a reload refetches those pages first. */
let viewport = { start: 0, end: PAGE_SIZE - 1 };

const flatten = (pages: Record<number, InteractionSummary[]>) =>
  Object.keys(pages)
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((page) => pages[page]!);

function indexOfId(pages: Record<number, InteractionSummary[]>, id: number | null): number | null {
  if (id === null) return null;
  for (const [page, rows] of Object.entries(pages)) {
    const at = rows.findIndex((row) => row.id === id);
    if (at !== -1) return Number(page) * PAGE_SIZE + at;
  }
  return null;
}

export const useInboxStore = create<InboxState>()((set, get) => {
  const listQuery = (offset: number, cursor?: string) => {
    const { accountId, allShops, channel, needsResponse, search, queue, sort, marketplace } = get();
    const trimmed = search.trim();
    return {
      ...(allShops ? {} : { accountId: accountId as number }),
      ...(marketplace === 'all' ? {} : { marketplace }),
      ...(channel === 'all' ? {} : { channel }),
      ...(needsResponse ? { needsResponse: true } : {}),
      ...(trimmed ? { search: trimmed.slice(0, 200) } : {}),
      ...(queue === 'all' ? {} : { queue }),
      ...(sort === 'priority' ? {} : { sort }),
      limit: PAGE_SIZE,
      // Sequential scrolling follows the keyset cursor; a jump goes by offset.
      ...(cursor ? { cursor } : { offset }),
    };
  };

  /** Fetches one page for the current generation; `fresh` replaces the whole cache (a new list). */
  const loadPage = (page: number, fresh = false): Promise<void> => {
    const pending = inflight.get(page);
    if (pending) return pending;
    const loading = fetchPage(page, fresh);
    inflight.set(page, loading);
    return loading;
  };

  const fetchPage = async (page: number, fresh: boolean) => {
    const ticket = listTicket;
    // Scrolling on: the page before is on its way; its cursor makes this one a keyset page.
    const before = inflight.get(page - 1);
    if (before && !cursors.has(page - 1)) {
      await before;
      if (ticket !== listTicket) return;
      // Scrolled past meanwhile: the viewport asks again if it comes back.
      const near =
        Math.floor(viewport.start / PAGE_SIZE) - 1 <= page && page <= Math.floor(viewport.end / PAGE_SIZE) + 1;
      if (!near && !fresh) {
        inflight.delete(page);
        return;
      }
    }
    const cursor = page > 0 ? cursors.get(page - 1) : undefined;
    const outcome = await settle(bridge['inbox.list'](listQuery(page * PAGE_SIZE, cursor ?? undefined)));
    if (ticket !== listTicket) return;
    inflight.delete(page);
    if (!outcome.ok) {
      set({ listStatus: 'error', listError: outcome.error, loadingMore: false });
      return;
    }
    cursors.set(page, outcome.value.nextCursor);
    const kept: Record<number, InteractionSummary[]> = {};
    if (!fresh)
      for (const [key, rows] of Object.entries(get().pages))
        if (Math.abs(Number(key) - page) <= KEEP_PAGES) kept[Number(key)] = rows;
    kept[page] = outcome.value.items;
    set({
      pages: kept,
      items: flatten(kept),
      // A selection whose page was dropped (scrolled far away) keeps its index: no jump back to it.
      selectedIndex: indexOfId(kept, get().selectedId) ?? (fresh ? null : get().selectedIndex),
      total: outcome.value.total,
      totalCapped: outcome.value.totalCapped === true,
      listStatus: 'ready',
      listError: null,
      loadingMore: false,
    });
  };

  /** A new list generation: cursors and in-flight pages of the old one no longer apply. */
  const newGeneration = () => {
    listTicket += 1;
    cursors = new Map();
    inflight = new Map();
  };

  const loadDetail = async (id: number, quiet: boolean) => {
    const ticket = ++detailTicket;
    if (!quiet) set({ detailStatus: 'loading', detailError: null });
    // With the search in force the detail carries the matched words (highlights) for <mark>.
    const search = get().search.trim().slice(0, 200);
    const outcome = await settle(bridge['interaction.get']({ id, ...(search ? { search } : {}) }));
    if (ticket !== detailTicket) return;
    set(
      outcome.ok
        ? { detail: outcome.value, detailStatus: 'ready', detailError: null }
        : { detailStatus: 'error', detailError: outcome.error },
    );
  };

  return {
    accountId: null,
    channel: 'all',
    needsResponse: false,
    search: '',
    allShops: readAllShops(),
    queue: 'all',
    sort: 'priority',
    marketplace: 'all',
    counts: null,
    countsError: null,
    shopCounts: [],
    pages: {},
    items: [],
    selectedIndex: null,
    total: 0,
    totalCapped: false,
    listStatus: 'idle',
    listError: null,
    loadingMore: false,
    selectedId: null,
    detail: null,
    detailStatus: 'idle',
    detailError: null,

    async open(accountId) {
      set({
        accountId,
        pages: {},
        items: [],
        selectedIndex: null,
        total: 0,
        totalCapped: false,
        counts: null,
        selectedId: null,
        detail: null,
        detailStatus: 'idle',
      });
      await get().reload();
    },

    setChannel(channel) {
      if (channel === get().channel) return;
      set({ channel });
      void get().loadList();
      void get().loadCounts();
    },

    setNeedsResponse(needsResponse) {
      set({ needsResponse });
      void get().loadList();
    },

    setSearch(search) {
      set({ search });
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        searchTimer = null;
        void get().loadList();
        const { selectedId } = get();
        if (selectedId !== null) void loadDetail(selectedId, true);
      }, SEARCH_DEBOUNCE_MS);
    },

    async reload() {
      await Promise.all([get().loadCounts(), get().loadList(), get().loadShopCounts()]);
    },

    async loadCounts() {
      const { accountId, allShops, channel, marketplace } = get();
      if (accountId === null) return;
      const ticket = ++countsTicket;
      // The channel narrows the queue counts only (the channel tabs keep their own totals).
      const outcome = await settle(
        bridge['inbox.counts']({
          ...(allShops ? {} : { accountId }),
          ...(channel === 'all' ? {} : { channel }),
          ...(marketplace === 'all' ? {} : { marketplace }),
        }),
      );
      if (ticket !== countsTicket) return;
      set(outcome.ok ? { counts: outcome.value, countsError: null } : { countsError: outcome.error });
    },

    async loadShopCounts() {
      const ticket = ++shopTicket;
      const outcome = await settle(bridge['inbox.shopCounts']({}));
      if (ticket !== shopTicket || !outcome.ok) return;
      set({ shopCounts: outcome.value });
    },

    /** A new list (filters changed): the first page replaces the cache; the viewport goes back to the top. */
    async loadList() {
      if (get().accountId === null) return;
      newGeneration();
      viewport = { start: 0, end: PAGE_SIZE - 1 };
      set({ listStatus: 'loading', listError: null });
      await loadPage(0, true);
    },

    /** The same list again (a push): the pages in view are refetched in place, the rest dropped. */
    async loadMore() {
      const { total, items } = get();
      if (items.length < total) get().ensureRange(items.length, items.length + PAGE_SIZE - 1);
    },

    ensureRange(start, end) {
      viewport = { start, end };
      const { total, pages, listStatus } = get();
      if (listStatus === 'idle') return;
      const last = Math.max(0, Math.min(end, total - 1));
      for (let page = Math.floor(Math.max(0, start) / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++)
        if (!pages[page]) void loadPage(page);
    },

    rowAt(i) {
      return get().pages[Math.floor(i / PAGE_SIZE)]?.[i % PAGE_SIZE];
    },

    async select(id) {
      if (id === get().selectedId && get().detailStatus !== 'error') return;
      set({ selectedId: id, selectedIndex: indexOfId(get().pages, id) });
      await loadDetail(id, false);
    },

    moveSelection(delta) {
      const { total, selectedIndex } = get();
      if (total === 0) return;
      const base = selectedIndex ?? (delta > 0 ? -1 : total);
      const next = Math.min(total - 1, Math.max(0, base + delta));
      if (next !== selectedIndex) void get().selectIndex(next);
    },

    async selectIndex(i) {
      const { total } = get();
      if (i < 0 || i >= total) return;
      const page = Math.floor(i / PAGE_SIZE);
      if (!get().pages[page]) await loadPage(page);
      const row = get().rowAt(i);
      if (!row) return;
      set({ selectedIndex: i });
      await get().select(row.id);
    },

    setQueue(queue) {
      if (queue === get().queue) return;
      set({ queue });
      void get().loadList();
    },

    setSort(sort) {
      if (sort === get().sort) return;
      set({ sort });
      void get().loadList();
    },

    setMarketplace(marketplace) {
      if (marketplace === get().marketplace) return;
      set({ marketplace });
      void get().loadList();
      void get().loadCounts();
    },

    setAllShops(allShops) {
      try {
        window.localStorage.setItem(ALL_SHOPS_KEY, allShops ? '1' : '0');
      } catch {
        // Storage may be disabled: the choice lasts for this session.
      }
      if (allShops === get().allShops) return;
      set({ allShops, counts: null });
      void get().reload();
    },

    async refresh(interactionId) {
      const { selectedId } = get();
      // The pages in view are refetched in place (no flash to «Загрузка…»); selection is by id.
      const reloadList = async () => {
        if (get().accountId === null) return;
        newGeneration();
        const first = Math.floor(viewport.start / PAGE_SIZE);
        const last = Math.floor(viewport.end / PAGE_SIZE);
        const kept: Record<number, InteractionSummary[]> = {};
        for (let page = first; page <= last; page++) if (get().pages[page]) kept[page] = get().pages[page]!;
        set({ pages: kept, items: flatten(kept) });
        const wanted = [];
        for (let page = first; page <= last; page++) wanted.push(loadPage(page));
        await Promise.all(wanted.length ? wanted : [loadPage(0, true)]);
      };
      const tasks = [get().loadCounts(), get().loadShopCounts(), reloadList()];
      if (selectedId !== null && (interactionId === undefined || interactionId === selectedId)) {
        tasks.push(loadDetail(selectedId, true));
      }
      await Promise.all(tasks);
    },
  };
});
