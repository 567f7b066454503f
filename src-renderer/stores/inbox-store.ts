import { create } from 'zustand';
import type { Channel, InboxCounts, InteractionDetail, InteractionSummary } from '../../src-shared/domain/interaction';
import { bridge } from '../bridge';
import type { UiError } from '../lib/ui-error';
import { settle } from './call';

export type ChannelFilter = Channel | 'all';
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

const PAGE_SIZE = 100;
const SEARCH_DEBOUNCE_MS = 250;

/** A list's total as shown: «500+» when a search matched more than it ranks (InboxPage.totalCapped). */
export const totalText = (total: number, capped: boolean) => `${total}${capped ? '+' : ''}`;

interface InboxState {
  accountId: number | null;
  channel: ChannelFilter;
  needsResponse: boolean;
  search: string;

  counts: InboxCounts | null;
  countsError: UiError | null;

  items: InteractionSummary[];
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
  moveSelection(delta: 1 | -1): void;
  /** inbox.changed / outbox.changed for this account: counts, list and the open item may have moved. */
  refresh(interactionId?: number): Promise<void>;
}

// Responses can arrive out of order (fast typing in search, quick arrow presses): each load
// takes a ticket and only the newest ticket may write its result.
let listTicket = 0;
let countsTicket = 0;
let detailTicket = 0;
let searchTimer: ReturnType<typeof setTimeout> | null = null;

export const useInboxStore = create<InboxState>()((set, get) => {
  const listQuery = (offset: number) => {
    const { accountId, channel, needsResponse, search } = get();
    const trimmed = search.trim();
    return {
      accountId: accountId as number,
      ...(channel === 'all' ? {} : { channel }),
      ...(needsResponse ? { needsResponse: true } : {}),
      ...(trimmed ? { search: trimmed.slice(0, 200) } : {}),
      limit: PAGE_SIZE,
      offset,
    };
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
    counts: null,
    countsError: null,
    items: [],
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
        items: [],
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
      await Promise.all([get().loadCounts(), get().loadList()]);
    },

    async loadCounts() {
      const { accountId } = get();
      if (accountId === null) return;
      const ticket = ++countsTicket;
      const outcome = await settle(bridge['inbox.counts']({ accountId }));
      if (ticket !== countsTicket) return;
      set(outcome.ok ? { counts: outcome.value, countsError: null } : { countsError: outcome.error });
    },

    async loadList() {
      if (get().accountId === null) return;
      const ticket = ++listTicket;
      set({ listStatus: 'loading', listError: null });
      const outcome = await settle(bridge['inbox.list'](listQuery(0)));
      if (ticket !== listTicket) return;
      if (!outcome.ok) {
        set({ listStatus: 'error', listError: outcome.error });
        return;
      }
      set({
        items: outcome.value.items,
        total: outcome.value.total,
        totalCapped: outcome.value.totalCapped === true,
        listStatus: 'ready',
        loadingMore: false,
      });
    },

    async loadMore() {
      const { items, total, loadingMore, accountId } = get();
      if (loadingMore || accountId === null || items.length >= total) return;
      const ticket = listTicket;
      set({ loadingMore: true });
      const outcome = await settle(bridge['inbox.list'](listQuery(items.length)));
      // A filter change while the page was loading makes this page belong to another list.
      if (ticket !== listTicket) return;
      if (!outcome.ok) {
        set({ loadingMore: false, listError: outcome.error });
        return;
      }
      const known = new Set(get().items.map((item) => item.id));
      const fresh = outcome.value.items.filter((item) => !known.has(item.id));
      set({
        items: [...get().items, ...fresh],
        total: outcome.value.total,
        totalCapped: outcome.value.totalCapped === true,
        loadingMore: false,
      });
    },

    async select(id) {
      if (id === get().selectedId && get().detailStatus !== 'error') return;
      set({ selectedId: id });
      await loadDetail(id, false);
    },

    moveSelection(delta) {
      const { items, selectedId } = get();
      if (items.length === 0) return;
      const index = items.findIndex((item) => item.id === selectedId);
      const nextIndex =
        index === -1 ? (delta > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, index + delta));
      const next = items[nextIndex];
      if (next && next.id !== selectedId) void get().select(next.id);
    },

    async refresh(interactionId) {
      const { selectedId } = get();
      const tasks = [get().reload()];
      if (selectedId !== null && (interactionId === undefined || interactionId === selectedId)) {
        tasks.push(loadDetail(selectedId, true));
      }
      await Promise.all(tasks);
    },
  };
});
