import { rememberSecret } from '../redact';

export interface AvitoCredentials {
  clientId: string;
  clientSecret: string;
}

export interface AvitoAccessToken {
  token: string;
  /** Epoch ms at which Avito stops taking it (now + expires_in). */
  expiresAt: number;
}

/** Refresh this long before `expires_in` runs out (CONTRACT §5.4): a request in flight must not expire on its way. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * One account's access token (client_credentials has no refresh token: a new one is requested,
 * CONTRACT §1.1). Cached until `expires_in − 60 s`; concurrent callers share one in-flight request;
 * `invalidate` drops only the token that failed, so many requests refused at once refresh once.
 * `fetchToken` is the POST /token (http.ts); the secret stays in the closure and the form body.
 */
export class AvitoTokenSource {
  private current: (AvitoAccessToken & { refreshAt: number }) | null = null;
  private inFlight: Promise<AvitoAccessToken> | null = null;
  /** Tokens requested so far (tests, stats). */
  requested = 0;

  constructor(
    private readonly fetchToken: () => Promise<AvitoAccessToken>,
    private readonly now: () => number,
  ) {}

  async get(): Promise<string> {
    const current = this.current;
    if (current && this.now() < current.refreshAt) return current.token;
    this.inFlight ??= this.fetchToken()
      .then((fresh) => {
        rememberSecret(fresh.token);
        this.requested += 1;
        // A lifetime under two margins (never seen; one note saw 3600, CONTRACT §1.1) refreshes at its half
        // instead: a margin as long as the lifetime would ask for a token before every request.
        const lifetime = fresh.expiresAt - this.now();
        this.current = { ...fresh, refreshAt: fresh.expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime / 2) };
        return fresh;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return (await this.inFlight).token;
  }

  /** Avito refused `token` (401/403): the next get() asks for a new one, unless another caller already did. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }
}
