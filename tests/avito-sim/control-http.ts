// HTTP face of AvitoSimControl under /__sim/* (JSON in and out, no auth); the list is in index.ts.
import { isObj, type Reply } from '../wb-sim/http';
import type { AvitoFaultSpec, AvitoSimControl } from './control';

const ok = (json: unknown): Reply => ({ status: 200, json });
const bad = (error: string): Reply => ({ status: 400, json: { error } });

export function controlRoute(c: AvitoSimControl, method: string, path: string, body: unknown): Reply {
  const b = isObj(body) ? body : {};
  const key = `${method} ${path.replace(/^\/__sim/, '')}`;
  switch (key) {
    case 'GET /counts':
      return ok(c.counts());
    case 'GET /requests':
      return ok({ requests: c.requests() });
    case 'GET /sent':
      return ok({ sent: c.state.sent, reads: c.state.reads });
    case 'POST /recorded/reset':
      c.resetRecorded();
      return ok({ ok: true });
    case 'POST /buyer-writes': {
      if (b.chatId !== undefined && b.chatId !== null && typeof b.chatId !== 'string')
        return bad('chatId must be a string');
      try {
        return ok(
          c.buyerWrites((b.chatId as string | undefined) ?? null, typeof b.text === 'string' ? b.text : undefined),
        );
      } catch (e) {
        return bad(String(e));
      }
    }
    case 'POST /buyer-race':
      if (typeof b.chatId !== 'string') return bad('chatId is required');
      c.buyerWritesDuringNextSend(b.chatId);
      return ok({ ok: true });
    case 'POST /tier':
      if (b.denied !== false && b.denied !== 402 && b.denied !== 403) return bad('denied must be false | 402 | 403');
      c.setTierDenied(b.denied);
      return ok({ ok: true });
    case 'POST /employee-key':
      if (typeof b.on !== 'boolean') return bad('on must be a boolean');
      c.setEmployeeKey(b.on);
      return ok({ ok: true });
    case 'POST /rate-limit':
      if (b.perMinute !== null && (typeof b.perMinute !== 'number' || b.perMinute < 1))
        return bad('perMinute must be a positive number or null');
      c.setPerMinute(b.perMinute as number | null);
      return ok({ ok: true });
    case 'POST /tokens/expire':
      c.expireTokens();
      return ok({ ok: true });
    case 'POST /tokens/revoke':
      c.revokeTokens();
      return ok({ ok: true });
    case 'POST /tokens/expires-in':
      if (typeof b.seconds !== 'number' || b.seconds < 0) return bad('seconds must be a non-negative number');
      c.setExpiresIn(b.seconds);
      return ok({ ok: true });
    case 'POST /inject':
      if (typeof b.match !== 'string') return bad('match is required');
      c.inject(b as unknown as AvitoFaultSpec);
      return ok({ ok: true, faults: c.activeFaults() });
    case 'GET /faults':
      return ok({ faults: c.activeFaults() });
    case 'POST /clear-faults':
      c.clearFaults();
      return ok({ ok: true });
    default:
      return { status: 404, json: { error: `unknown control endpoint ${key}` } };
  }
}
