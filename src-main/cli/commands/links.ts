import type { LinkView } from '../../../src-shared/domain/links';
import { defaultAccountId, openCore, UsageError, type CliIo } from '../cli-context';
import { expectOk } from './expect-ok';

/** A confidence flag: a plain decimal from 0 to 1 (`1e-1`, `-0`, `1.5`, `abc` are usage errors). */
export function parseConfidence(flag: string, raw: string): number {
  const value = /^(?:0|1)?(?:\.\d{1,6})?$/.test(raw) && raw !== '' && raw !== '.' ? Number(raw) : NaN;
  if (!(value >= 0 && value <= 1)) throw new UsageError(`--${flag} must be a number from 0 to 1, got "${raw}"`);
  return value;
}

/** `agentiq links [--min-confidence X] [--recompute] [--json]`: every link of the shop, strongest first. */
export async function links(
  io: CliIo,
  flags: { minConfidence?: string; recompute: boolean; json: boolean; account?: string },
): Promise<number> {
  const minConfidence =
    flags.minConfidence === undefined ? undefined : parseConfidence('min-confidence', flags.minConfidence);
  const core = await openCore();
  try {
    const accountId = await defaultAccountId(core, flags.account);
    if (accountId !== null && flags.recompute) expectOk(await core.call('links.recompute', { accountId }));
    const views =
      accountId === null ? [] : expectOk<LinkView[]>(await core.call('links.list', { accountId, minConfidence }));
    const end = (e: LinkView['a']) => ({ id: e.id, channel: e.channel, external_id: e.externalId });
    const rows = views.map((l) => ({
      a: end(l.a),
      b: end(l.b),
      confidence: l.confidence,
      kind: l.kind,
      signals: l.signals,
      action_mode: l.actionMode,
      decision: l.decision,
    }));
    if (flags.json) io.out(JSON.stringify(rows));
    else
      for (const r of rows)
        io.out(
          `${r.confidence.toFixed(2)} ${r.kind.padEnd(13)} ${r.action_mode.padEnd(9)} ${r.a.channel} ${r.a.id} <-> ${r.b.channel} ${r.b.id}  ${r.signals.join(', ')}${r.decision ? `  [${r.decision}]` : ''}`,
        );
    return 0;
  } finally {
    await core.close();
  }
}
