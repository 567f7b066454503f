import type { Timeline } from '../../../src-shared/domain/links';
import {
  confidenceText,
  STEP_CHANNEL_TEXT,
  stepReasonText,
  THREAD_KIND_TEXT,
} from '../../../src-shared/messages/link-texts';
import { openCore, UsageError, type CliIo } from '../cli-context';
import { expectOk } from './expect-ok';
import { resolveInteraction } from './reply';

/**
 * `agentiq timeline --id ID [--json]`: the item's thread in time order. The JSON is the documented
 * shape (issue 9 item 8): `id, kind, steps[{id, channel, external_id, occurred_at, match_reason,
 * confidence, action_mode, text, link_id, decision}]`.
 */
export async function timeline(io: CliIo, flags: { id?: string; json: boolean; account?: string }): Promise<number> {
  if (!flags.id) throw new UsageError('--id is required');
  const core = await openCore();
  try {
    const id = await resolveInteraction(core, flags.id, flags.account);
    const thread = expectOk<Timeline>(await core.call('interaction.timeline', { id }));
    if (flags.json) {
      io.out(
        JSON.stringify({
          id: thread.interactionId,
          kind: thread.kind,
          steps: thread.steps.map((step) => ({
            id: step.id,
            channel: step.channel,
            external_id: step.externalId,
            occurred_at: step.occurredAt,
            match_reason: step.matchReason,
            confidence: step.confidence,
            action_mode: step.actionMode,
            text: step.text,
            link_id: step.linkId,
            decision: step.decision,
          })),
        }),
      );
      return 0;
    }
    const opened = thread.steps.find((step) => step.id === thread.interactionId)!;
    io.out(
      `Цепочка обращения #${thread.interactionId}: ${THREAD_KIND_TEXT[thread.kind]}, шагов: ${thread.steps.length}`,
    );
    for (const step of thread.steps) {
      const reason = stepReasonText(step, opened.occurredAt);
      const sure = step.matchReason === 'self' ? '' : ` ${confidenceText(step.confidence)}`;
      const guess = step.actionMode === 'assist' ? ', предположение' : '';
      io.out(
        `${step.id === thread.interactionId ? '>' : ' '} #${step.id}  ${step.occurredAt.slice(0, 16).replace('T', ' ')}  ${STEP_CHANNEL_TEXT[step.channel].padEnd(6)} ${reason}${sure}${guess}  ${step.text.replace(/\s+/g, ' ').slice(0, 60)}`,
      );
    }
    return 0;
  } finally {
    await core.close();
  }
}
