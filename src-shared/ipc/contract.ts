import { z } from 'zod';
import type { AccountView } from '../domain/account';
import type { SyncReport, SyncStatusView } from '../domain/sync';
import { channelSchema, type InboxCounts, type InteractionDetail, type InteractionSummary } from '../domain/interaction';

/**
 * The one IPC contract (STYLE habit 1): channel -> input schema + output type.
 * The preload, the Electron router, the WebSocket host and the renderer client are all
 * derived from this table; a channel name is never typed twice.
 */
const output = <T>() => undefined as unknown as T;
const noInput = z.object({}).strict();
const id = z.number().int().positive();

export interface AppInfo {
  version: string;
  shell: 'electron' | 'host';
  dataDir: string;
  schemaVersion: number;
}

export interface InboxPage {
  items: InteractionSummary[];
  total: number;
}

export const ipcContract = {
  'app.info': { input: noInput, output: output<AppInfo>() },
  'accounts.list': { input: noInput, output: output<AccountView[]>() },
  'demo.seed': { input: noInput, output: output<{ accountId: number; created: number }>() },
  'inbox.counts': { input: z.object({ accountId: id }).strict(), output: output<InboxCounts>() },
  'inbox.list': {
    input: z
      .object({
        accountId: id,
        channel: channelSchema.optional(),
        needsResponse: z.boolean().optional(),
        search: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).max(1_000_000).default(0),
      })
      .strict(),
    output: output<InboxPage>(),
  },
  'interaction.get': { input: z.object({ id }).strict(), output: output<InteractionDetail>() },
  /** Stores the token in the OS keychain (never in SQLite) and creates or updates the account. */
  'accounts.connect': {
    input: z.object({ token: z.string().trim().min(1).max(4096), name: z.string().trim().min(1).max(80).optional() }).strict(),
    output: output<{ account: AccountView; warnings: string[] }>(),
  },
  'sync.run': { input: z.object({ accountId: id, full: z.boolean().default(false) }).strict(), output: output<SyncReport>() },
  'sync.status': { input: z.object({ accountId: id }).strict(), output: output<SyncStatusView>() },
  /** The renderer reports navigator.onLine changes; coming back online triggers a sync and the outbox. */
  'app.networkChanged': { input: z.object({ online: z.boolean() }).strict(), output: output<{ online: boolean }>() },
} as const;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];
export type IpcInput<C extends IpcChannel> = z.input<IpcContract[C]['input']>;
export type IpcParsedInput<C extends IpcChannel> = z.output<IpcContract[C]['input']>;
export type IpcOutput<C extends IpcChannel> = IpcContract[C]['output'];
