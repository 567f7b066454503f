/** A connected WB shop. The token itself never leaves main; only its decoded facts do. */
export interface AccountView {
  id: number;
  name: string;
  isDemo: boolean;
  tokenExpiresAt: string | null;
  tokenScopes: string[];
  tokenReadOnly: boolean;
  createdAt: string;
}

export const SYNC_STATUSES = ['idle', 'syncing', 'error'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];
