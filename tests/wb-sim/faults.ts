// Fault injection: make the next N matching requests fail the way a flaky gateway/network does.

/** Path groups usable in `match` besides a plain path substring. */
export const FAULT_GROUPS = ['fq', 'feedbacks', 'questions', 'chat', 'download', 'ping'] as const;
export type FaultGroup = (typeof FAULT_GROUPS)[number];

export interface FaultSpec {
  /** A group name (see FAULT_GROUPS) or a substring of the request path. */
  match: string;
  method?: string;
  status?: 500 | 502 | 503 | 401 | 429;
  /**
   * A misbehaving proxy in front of WB: answers instead of WB with a body that echoes the whole
   * request — method, URL, every header (Authorization too) and the body. 'problem': problem+json
   * whose `detail` is the echo; 'text': a plain-text dump; 'fq_error': a 200 F&Q envelope with
   * `error: true` and the echo as `errorText`. `echoStatus` defaults to 400 (200 for 'fq_error').
   */
  echo?: 'problem' | 'text' | 'fq_error';
  echoStatus?: number;
  /** Hang this long, then destroy the socket without a response. */
  timeoutMs?: number;
  /** 'json': 200 with a truncated, invalid JSON body; 'item' (or true): real response with items missing required fields. */
  malformed?: true | 'json' | 'item';
  /** Destroy the socket immediately. */
  reset?: true;
  /**
   * WB handles the request (the answer is stored, the message sent), then the response is lost:
   * 'reset' destroys the socket, a status answers a gateway error instead of the real reply.
   */
  lostResponse?: 'reset' | 502 | 504;
  /** How many matching requests to affect (default 1). */
  times?: number;
  /** Let this many matching requests through untouched first (default 0): a fault mid-sync. */
  skip?: number;
}

interface ActiveFault extends FaultSpec {
  left: number;
  hits: number;
  passed: number;
}

export function groupsOfPath(path: string): FaultGroup[] {
  if (path === '/ping') return ['ping'];
  if (path.startsWith('/api/v1/seller/download/')) return ['chat', 'download'];
  if (path.startsWith('/api/v1/seller/')) return ['chat'];
  if (/^\/api\/v1\/(feedbacks|feedback)(\/|$)/.test(path)) return ['fq', 'feedbacks'];
  if (/^\/api\/v1\/(questions|question)(\/|$)/.test(path)) return ['fq', 'questions'];
  if (path === '/api/v1/new-feedbacks-questions') return ['fq'];
  return [];
}

export class Faults {
  private list: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.list.push({ ...spec, left: spec.times ?? 1, hits: 0, passed: 0 });
  }

  clear(): void {
    this.list = [];
  }

  active(): { spec: FaultSpec; left: number }[] {
    return this.list.map(({ left, hits: _h, passed: _p, ...spec }) => ({ spec, left }));
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const groups = groupsOfPath(path) as string[];
    const i = this.list.findIndex(
      (f) =>
        f.left > 0 &&
        (!f.method || f.method.toUpperCase() === method) &&
        (groups.includes(f.match) || path.includes(f.match)),
    );
    const f = this.list[i];
    if (!f) return undefined;
    if (f.passed < (f.skip ?? 0)) {
      f.passed++;
      return undefined;
    }
    f.left--;
    f.hits++;
    if (f.left <= 0) this.list.splice(i, 1);
    return f;
  }
}

const REQUIRED_FIELDS = ['id', 'createdDate', 'chatID', 'addTimestamp', 'replySign', 'text'];

/** Removes required fields from the items of a response (arrays up to 3 levels deep, or a single `data` object). */
export function breakItems(body: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(body ?? null)) as unknown;
  let broke = false;
  const strip = (o: Record<string, unknown>): void => {
    for (const k of REQUIRED_FIELDS) delete o[k];
  };
  const walk = (v: unknown, depth: number): void => {
    if (depth > 3 || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const item of v) {
        if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
          strip(item as Record<string, unknown>);
          broke = true;
        }
      }
      return;
    }
    for (const val of Object.values(v)) walk(val, depth + 1);
  };
  walk(copy, 0);
  if (!broke && typeof copy === 'object' && copy !== null && 'data' in copy) {
    const data = (copy as { data: unknown }).data;
    if (typeof data === 'object' && data !== null) strip(data as Record<string, unknown>);
  }
  return copy;
}
