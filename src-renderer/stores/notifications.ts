import { DEFAULT_NOTIFICATION_SETTINGS } from '../../src-shared/domain/settings';
import { DEFAULT_WORKING_HOURS } from '../../src-shared/domain/working-hours';
import { bridge } from '../bridge';
import { playChime } from '../lib/chime';
import { decideNotifications, type NotifyEvent, type ShopNotifyFacts } from '../lib/notify-decision';
import { AVITO_CHANNEL } from '../../src-shared/domain/interaction';
import type { ArrivedItem } from '../../src-shared/ipc/events';
import { useAppStore } from './app-store';
import { useComposerStore } from './composer-store';
import { settle } from './call';
import { useHealthStore } from './health-store';
import { useInboxStore } from './inbox-store';
import { currentEntry } from './outbox-store';
import { useSettingsStore } from './settings-store';
import { useSyncStore } from './sync-store';

/** Events closer together than this make one batch: a sync's channels finish within moments. */
const BATCH_MS = 1_500;
/** A shop's notification settings are re-read when older than this (another window may have saved). */
const SETTINGS_TTL_MS = 30_000;
const HEALTH_DEBOUNCE_MS = 250;

type Settings = Pick<ShopNotifyFacts, 'notifications' | 'workingHours'>;
const settingsCache = new Map<number, { at: number; value: Settings }>();

async function shopSettings(accountId: number): Promise<Settings> {
  const cached = settingsCache.get(accountId);
  if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.value;
  const outcome = await settle(bridge['settings.get']({ accountId }));
  const value: Settings = outcome.ok
    ? { notifications: outcome.value.notifications, workingHours: outcome.value.workingHours }
    : (cached?.value ?? { notifications: DEFAULT_NOTIFICATION_SETTINGS, workingHours: DEFAULT_WORKING_HOURS });
  settingsCache.set(accountId, { at: Date.now(), value });
  return value;
}

/** Clicking a notification: the window comes forward and the item opens, in its shop. */
export async function openItem(accountId: number, interactionId: number): Promise<void> {
  window.focus();
  const app = useAppStore.getState();
  if (app.account?.id !== accountId) await app.selectAccount(accountId);
  useAppStore.getState().setScreen('inbox');
  await useInboxStore.getState().select(interactionId);
}

let pending: NotifyEvent[] = [];
let batchTimer: ReturnType<typeof setTimeout> | null = null;

function queue(event: NotifyEvent) {
  pending.push(event);
  batchTimer ??= setTimeout(() => {
    batchTimer = null;
    const batch = pending;
    pending = [];
    void show(batch);
  }, BATCH_MS);
}

/**
 * The seller is writing in this chat right now (its reply box focused, with text): a sound and a
 * banner about it would only interrupt.
 */
function typingIn(interactionId: number): boolean {
  const active = document.activeElement;
  if (!(active instanceof HTMLTextAreaElement) || !document.hasFocus()) return false;
  if (useInboxStore.getState().selectedId !== interactionId) return false;
  return (useComposerStore.getState().composers[interactionId]?.text.trim() ?? '') !== '';
}

/** An Avito arrival notifies only in a chat a person answers: the bot answers the others. */
async function avitoArrivals(accountId: number, items: ArrivedItem[]): Promise<void> {
  for (const item of items) {
    if ((item.channel as string) !== AVITO_CHANNEL || item.source === 'demo' || !item.needsResponse) continue;
    const outcome = await settle(bridge['interaction.get']({ id: item.id }));
    if (outcome.ok && outcome.value.avito?.mode === 'manager')
      queue({ type: 'avito_message', accountId, interactionId: item.id });
  }
}

async function show(all: NotifyEvent[]): Promise<void> {
  if (typeof Notification === 'undefined') return;
  const events = all.filter((event) => !('interactionId' in event) || !typingIn(event.interactionId));
  const accounts = useAppStore.getState().accounts;
  const ids = [...new Set(events.map((event) => event.accountId))];
  const facts = new Map<number, ShopNotifyFacts>();
  for (const id of ids) {
    const account = accounts.find((candidate) => candidate.id === id);
    if (!account) continue;
    facts.set(id, { name: account.name, isDemo: account.isDemo, ...(await shopSettings(id)) });
  }
  const plans = decideNotifications(events, (id) => facts.get(id) ?? null, new Date());
  if (plans.length === 0) return;
  if (Notification.permission === 'default') await Notification.requestPermission().catch(() => 'denied');
  if (Notification.permission !== 'granted') return;
  for (const plan of plans) {
    const notification = new Notification(plan.title, { body: plan.body, tag: plan.tag, silent: true });
    notification.onclick = () => {
      notification.close();
      void openItem(plan.accountId, plan.interactionId);
    };
  }
  const loud = plans.find((plan) => plan.sound);
  if (loud) playChime(facts.get(loud.accountId)?.notifications.volume);
}

/** Last state seen per outbox row: a failed or conflicting reply notifies once per change into it. */
const seenStates = new Map<number, string>();

async function checkReply(accountId: number, interactionId: number): Promise<void> {
  const outcome = await settle(bridge['outbox.list']({ accountId, interactionId }));
  if (!outcome.ok) return;
  // Opening a question queues a «viewed» mark: not a reply, and it must not hide the reply's row.
  const entry = currentEntry(outcome.value.filter((row) => row.kind !== 'mark_viewed'));
  if (!entry) return;
  const before = seenStates.get(entry.id);
  seenStates.set(entry.id, entry.state);
  if ((entry.state !== 'failed' && entry.state !== 'conflict') || before === entry.state) return;
  // The seller is looking at this very item: its reply panel already says so.
  const inbox = useInboxStore.getState();
  if (document.hasFocus() && inbox.accountId === accountId && inbox.selectedId === interactionId) return;
  queue({ type: 'reply_problem', accountId, interactionId, channel: entry.channel, state: entry.state });
}

/**
 * Desktop notifications and the status bar's health facts, once per window: `inbox.arrived` and
 * `outbox.changed` become notifications; sync status changes and outbox changes reload sync.health.
 */
export function wireStatus(): () => void {
  const healthTimers = new Map<number, ReturnType<typeof setTimeout>>();
  const reloadHealth = (accountId: number) => {
    clearTimeout(healthTimers.get(accountId));
    healthTimers.set(
      accountId,
      setTimeout(() => {
        healthTimers.delete(accountId);
        void useHealthStore.getState().load(accountId);
      }, HEALTH_DEBOUNCE_MS),
    );
  };
  const unsubscribers = [
    bridge.events['inbox.arrived']((payload) => {
      queue({ type: 'arrived', accountId: payload.accountId, items: payload.items });
      void avitoArrivals(payload.accountId, payload.items);
    }),
    bridge.events['avito.handoff']((payload) =>
      queue({
        type: 'avito_handoff',
        accountId: payload.accountId,
        interactionId: payload.interactionId,
        reason: payload.reason,
      }),
    ),
    bridge.events['outbox.changed']((payload) => {
      reloadHealth(payload.accountId);
      void checkReply(payload.accountId, payload.interactionId);
    }),
    // A running sync may be waiting out a WB limit: its pages move the limit state.
    bridge.events['sync.progress']((payload) => reloadHealth(payload.accountId)),
    // Every fresh sync.status (a run ended, the minute poll) brings the runs and limits with it.
    useSyncStore.subscribe((state, previous) => {
      for (const [id, status] of Object.entries(state.status))
        if (status !== previous.status[Number(id)]) reloadHealth(Number(id));
    }),
    // A save in «Уведомления» (or the working hours) applies at once.
    useSettingsStore.subscribe((state) => {
      if (state.accountId !== null && state.settings)
        settingsCache.set(state.accountId, {
          at: Date.now(),
          value: { notifications: state.settings.notifications, workingHours: state.settings.workingHours },
        });
    }),
  ];
  return () => {
    unsubscribers.forEach((unsubscribe) => unsubscribe());
    healthTimers.forEach((timer) => clearTimeout(timer));
  };
}
