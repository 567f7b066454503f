// Driving the Avito simulator while it runs: modes, faults, buyers writing, records.
// The same methods over HTTP under /__sim/* (see index.ts).
import { randomBytes } from 'node:crypto';
import type { AvitoSimState } from './store';

export interface AvitoFaultSpec {
  /** A substring of the request path ('/token', '/chats', '/messages/', …) or 'messenger' / 'any'. */
  match: string;
  method?: string;
  /** 429 (with `retryAfter` seconds when given), or a 5xx. */
  status?: 429 | 500 | 502 | 503;
  /** 429: the Retry-After header in seconds; absent = no Retry-After at all. */
  retryAfter?: number;
  /** 429: add X-RateLimit-Limit / X-RateLimit-Remaining: 0 headers. */
  rateLimitHeaders?: boolean;
  /**
   * A misbehaving proxy: answers 400 with the whole request (method, URL, headers with Authorization,
   * the form body with client_secret) as the error message.
   */
  echo?: true;
  /** Destroy the socket without answering. */
  reset?: true;
  /** Handle the request (the message is sent), then drop the response: 'reset' kills the socket, 504 answers a gateway timeout. */
  lostResponse?: 'reset' | 504;
  /** How many matching requests to affect (default 1). */
  times?: number;
  /** Let this many matching requests through first (default 0). */
  skip?: number;
}

interface ActiveFault extends AvitoFaultSpec {
  left: number;
  passed: number;
}

export interface AvitoSimModes {
  /** The seller's tier lacks the Messenger API: every messenger path answers this status (402 per spec, 403 [INF]). */
  tierDenied: false | 402 | 403;
  /** The key is an employee's: chats on company items are hidden from lists and forbidden (403) [DOC]. */
  employeeKey: boolean;
  /**
   * Avito publishes no Messenger limits (CONTRACT §3); when set, a per-minute window with
   * X-RateLimit-Limit / X-RateLimit-Remaining on every API answer and 429 past it.
   */
  perMinute: number | null;
  /** GET …/messages/ answers `{messages: […]}` instead of the spec's bare array (seen by some clients, CONTRACT §2.3). */
  messagesEnvelope: boolean;
  /** The next send in this chat races with the buyer: the buyer's message lands first, same second. */
  buyerRaceOnSend: Set<string>;
}

export class AvitoSimControl {
  private faults: ActiveFault[] = [];
  readonly modes: AvitoSimModes = {
    tierDenied: false,
    employeeKey: false,
    perMinute: null,
    messagesEnvelope: false,
    buyerRaceOnSend: new Set(),
  };
  /** Issued access tokens → expiry (epoch ms). */
  readonly tokens = new Map<string, number>();
  tokensIssued = 0;

  constructor(
    readonly state: AvitoSimState,
    readonly credentials: { clientId: string; clientSecret: string },
    public expiresIn: number,
  ) {}

  issueToken(): { token: string; expiresIn: number } {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.state.now() + this.expiresIn * 1000);
    this.tokensIssued++;
    return { token, expiresIn: this.expiresIn };
  }

  /** Every issued token is expired from now on (the next API call answers 403). */
  expireTokens(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }

  /** Every issued token is unknown from now on (the next API call answers 401). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  setExpiresIn(seconds: number): void {
    this.expiresIn = seconds;
  }

  setTierDenied(status: false | 402 | 403): void {
    this.modes.tierDenied = status;
  }

  setEmployeeKey(on: boolean): void {
    this.modes.employeeKey = on;
  }

  setPerMinute(limit: number | null): void {
    this.modes.perMinute = limit;
  }

  setMessagesEnvelope(on: boolean): void {
    this.modes.messagesEnvelope = on;
  }

  /** A buyer writes in `chatId` (or opens a new chat when null): it moves to the top. */
  buyerWrites(chatId: string | null, text?: string): { chatId: string; messageId: string } {
    return this.state.buyerWrites(chatId, text ?? null);
  }

  /** The next seller send in this chat finds a buyer message written a moment before it. */
  buyerWritesDuringNextSend(chatId: string): void {
    this.modes.buyerRaceOnSend.add(chatId);
  }

  inject(spec: AvitoFaultSpec): void {
    this.faults.push({ ...spec, left: spec.times ?? 1, passed: 0 });
  }

  clearFaults(): void {
    this.faults = [];
  }

  activeFaults(): AvitoFaultSpec[] {
    return this.faults.map(({ left: _l, passed: _p, ...spec }) => spec);
  }

  /** Consumes the first fault matching this request, if any. */
  takeFault(method: string, path: string): AvitoFaultSpec | undefined {
    const i = this.faults.findIndex(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (f.match === 'any' || (f.match === 'messenger' ? path.startsWith('/messenger/') : path.includes(f.match))),
    );
    const f = this.faults[i];
    if (!f) return undefined;
    if (f.passed < (f.skip ?? 0)) {
      f.passed++;
      return undefined;
    }
    if (--f.left <= 0) this.faults.splice(i, 1);
    return f;
  }

  /** How many sends carried exactly this text (exactly-once tests). */
  sendsWithText(text: string): number {
    return this.state.sent.filter((s) => s.text === text).length;
  }

  requests() {
    return this.state.requests;
  }

  resetRecorded(): void {
    this.state.requests.length = 0;
    this.state.sent.length = 0;
    this.state.reads.length = 0;
  }

  counts() {
    const s = this.state;
    const byType = (t: string) => s.chats.filter((c) => c.type === t).length;
    return {
      chats: s.chats.length,
      u2i: byType('u2i'),
      u2u: byType('u2u'),
      unreadChats: s.chats.filter((c) => s.hasUnread(c)).length,
      messages: s.chats.reduce((n, c) => n + c.messages.length, 0),
      companyChats: s.chats.filter((c) => c.item?.company).length,
      tokensIssued: this.tokensIssued,
    };
  }
}
