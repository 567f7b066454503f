import { useAppStore } from '../stores/app-store';
import { composerOf, useComposerStore } from '../stores/composer-store';
import { useInboxStore } from '../stores/inbox-store';
import { useOutboxStore } from '../stores/outbox-store';
import { useUndoStore } from '../stores/undo-store';

/**
 * What the shortcuts do, on the stores and the page's focus. Focus is never left on nothing: every
 * action ends on the list, the open item's composer or the control it opened.
 */

const LIST = '.list[role="listbox"]';
const DETAIL = '[data-testid="detail"]';
const COMPOSER = '[data-testid="reply-text"]';
const SEARCH = '[data-testid="search-input"]';

const query = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector);

/** Focus to the list (its selected row is the active descendant); nothing focusable: the page stays as is. */
export function focusList(): void {
  query(LIST)?.focus();
}

function focusDetail(): void {
  const pane = query(DETAIL);
  if (!pane) return;
  if (!pane.hasAttribute('tabindex')) pane.setAttribute('tabindex', '-1');
  pane.focus();
}

/** Resolves once `ready()` holds (checked after each store change and frame), or after `timeoutMs`. */
function when(ready: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  return new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      if (ready()) resolve(true);
      else if (performance.now() - started > timeoutMs) resolve(false);
      else requestAnimationFrame(check);
    };
    check();
  });
}

/** The open item is shown with its reply state (the composer, if it may be written, is on the page). */
const itemShown = (id: number) => () => {
  const inbox = useInboxStore.getState();
  const outbox = useOutboxStore.getState();
  return inbox.detail?.id === id && inbox.detailStatus === 'ready' && outbox.interactionId === id && outbox.loaded;
};

async function openItemComposer(id: number): Promise<HTMLTextAreaElement | null> {
  if (!(await when(itemShown(id)))) return null;
  // One frame for React to render what the stores now hold.
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return query<HTMLTextAreaElement>(COMPOSER);
}

/** The selected item, selecting the first one when none is. */
async function ensureSelected(): Promise<number | null> {
  const inbox = useInboxStore.getState();
  if (inbox.selectedId === null) inbox.moveSelection(1);
  return useInboxStore.getState().selectedId;
}

export function move(delta: 1 | -1): void {
  useInboxStore.getState().moveSelection(delta);
  focusList();
}

export async function open(): Promise<void> {
  const id = await ensureSelected();
  if (id === null) return;
  focusDetail();
}

export async function reply(): Promise<void> {
  const id = await ensureSelected();
  if (id === null) return;
  const composer = await openItemComposer(id);
  if (composer) composer.focus();
  else focusDetail();
}

/** `a`: the AI draft into the composer (generated if there is none yet), then the composer. */
export async function acceptDraft(): Promise<void> {
  const id = await ensureSelected();
  if (id === null) return;
  const composer = await openItemComposer(id);
  const detail = useInboxStore.getState().detail;
  if (!composer || !detail) return;
  const state = composerOf(useComposerStore.getState(), id);
  if (!state.draft && !state.drafting) await useComposerStore.getState().generateDraft(id, detail.channel, false);
  query<HTMLTextAreaElement>(COMPOSER)?.focus();
}

/** `e`: edit the reply still in the queue, or the answer WB shows (once within 60 days). */
export async function edit(): Promise<void> {
  const id = await ensureSelected();
  if (id === null) return;
  await when(itemShown(id));
  const button =
    query<HTMLButtonElement>('[data-testid="reply-edit"]') ?? query<HTMLButtonElement>('[data-testid="answer-edit"]');
  if (!button || button.disabled) return;
  button.click();
  if (await when(() => query('[data-testid="edit-text"]') !== null, 2_000))
    query<HTMLTextAreaElement>('[data-testid="edit-text"]')?.focus();
}

/** `t`: the template picker, opened where the browser allows it. */
export async function templates(): Promise<void> {
  const id = await ensureSelected();
  if (id === null) return;
  await openItemComposer(id);
  const picker = query<HTMLSelectElement>('[data-testid="template-picker"]');
  if (!picker || picker.disabled) return;
  picker.focus();
  try {
    (picker as HTMLSelectElement & { showPicker?: () => void }).showPicker?.();
  } catch {
    // Not allowed here: the focused select opens with Alt+↓ or Space.
  }
}

export async function search(): Promise<void> {
  useAppStore.getState().setScreen('inbox');
  if (await when(() => query(SEARCH) !== null, 2_000)) {
    const input = query<HTMLInputElement>(SEARCH)!;
    input.focus();
    input.select();
  }
}

export async function go(screen: 'inbox' | 'analytics' | 'settings'): Promise<void> {
  useAppStore.getState().setScreen(screen);
  if (screen === 'inbox') {
    if (await when(() => query(LIST) !== null, 2_000)) focusList();
    return;
  }
  // The screen itself takes the focus (the list it replaced is gone): keys and Tab go on from there.
  const selector = `[data-testid="${screen}"]`;
  if (!(await when(() => query(selector) !== null, 2_000))) return;
  const page = query(selector)!;
  if (!page.hasAttribute('tabindex')) page.setAttribute('tabindex', '-1');
  page.focus({ preventScroll: true });
}

/**
 * Esc: out of the composer (or any field) back to the list; the search field also clears the
 * search; from the open item back to the list.
 */
export function back(target: HTMLElement | null): void {
  const inbox = useInboxStore.getState();
  if (target?.matches(SEARCH)) {
    if (inbox.search !== '') inbox.setSearch('');
    target.blur();
    focusList();
    return;
  }
  if (target && target !== document.body && !target.matches(LIST)) {
    target.blur();
    focusList();
    return;
  }
  if (inbox.search !== '') inbox.setSearch('');
}

/**
 * After a send from the keyboard the next item opens, focus on the list: `j`/`k` go on, `r` answers.
 * The last item stays open.
 */
export function openNextAfterSend(sentId: number): void {
  const inbox = useInboxStore.getState();
  if (inbox.selectedId === sentId) inbox.moveSelection(1);
  focusList();
}

/**
 * Undo send (toast button or Ctrl+Z): the reply is taken out of the outbox before its hold ends,
 * the item is open again with the text back in its composer, focused.
 */
export async function undoSend(): Promise<void> {
  const undone = await useUndoStore.getState().cancel();
  if (!undone) return;
  useComposerStore
    .getState()
    .restore(undone.interactionId, undone.channel, undone.text, undone.origin, undone.baseText);
  useAppStore.getState().setScreen('inbox');
  await useInboxStore.getState().select(undone.interactionId);
  await useOutboxStore.getState().reload();
  const composer = await openItemComposer(undone.interactionId);
  if (composer) {
    composer.focus();
    composer.setSelectionRange(composer.value.length, composer.value.length);
  } else focusList();
}
