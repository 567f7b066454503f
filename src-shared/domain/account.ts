import { CHANNELS, type Channel, type Marketplace } from './interaction';

/** A connected WB shop. The token itself never leaves main; only its decoded facts do. */
export interface AccountView {
  id: number;
  name: string;
  isDemo: boolean;
  tokenExpiresAt: string | null;
  tokenScopes: string[];
  tokenReadOnly: boolean;
  createdAt: string;
  /** The account of this process's AGENTIQ_WB_TOKEN (its token lives in memory only). */
  fromEnv: boolean;
  /**
   * False once the seller removed the shop keeping its data («Удалить магазин» without deleting):
   * no token, never synced or sent from again, its history still readable. The demo is always true.
   */
  connected: boolean;
  /** 'wb' or 'avito' (issue 12); an Avito account's pair never leaves main either. */
  marketplace: Marketplace;
}

export const SYNC_STATUSES = ['idle', 'syncing', 'error'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** The channels each token scope opens (WB's `s` bits 7 and 9, decoded by core's wb/token.ts). */
const SCOPE_CHANNELS: Record<string, readonly Channel[]> = {
  feedbacks_questions: ['review', 'question'],
  buyer_chat: ['chat'],
};

/**
 * The channels a shop's token covers, in channel order: only these are synced and shown with a
 * status. The demo shop covers none (it never syncs). The one place this is decided.
 */
export function coveredChannels(account: { isDemo: boolean; tokenScopes: readonly string[] }): Channel[] {
  if (account.isDemo) return [];
  const covered = new Set(account.tokenScopes.flatMap((scope) => SCOPE_CHANNELS[scope] ?? []));
  return CHANNELS.filter((channel) => covered.has(channel));
}
