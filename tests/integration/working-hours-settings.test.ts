import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../src-shared/domain/working-hours';
import { describe as describeMessage } from '../../src-shared/messages/describe';
import { scheduleFromDraft, draftFromSchedule } from '../../src-renderer/lib/working-hours-form';
import { makeCore } from '../helpers/core';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

async function value<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
}

/**
 * The settings form's «Рабочие часы» save path against the real core: what the form builds is
 * accepted and kept; a schedule the form would refuse is refused by core too, in Russian, and
 * nothing of it is stored.
 */
describe('settings.update: workingHours from the settings form', () => {
  it('keeps a schedule built by the form; refuses a bad one with a Russian reason and keeps the old one', async () => {
    const core = await makeCore(tempDir());
    try {
      const { accountId } = await value<{ accountId: number }>(core.call('demo.seed', {}));

      const draft = draftFromSchedule(DEFAULT_WORKING_HOURS);
      draft.timeZone = 'Asia/Yekaterinburg';
      draft.week.sat = { working: true, intervals: [{ from: '10:00', to: '16:00' }] };
      draft.week.mon = {
        working: true,
        intervals: [
          { from: '14:00', to: '18:00' },
          { from: '9:00', to: '13:00' },
        ],
      };
      draft.holidays = ['2027-01-11'];
      const schedule = scheduleFromDraft(draft);
      const saved = await core.call('settings.update', { accountId, patch: { workingHours: schedule } });
      expect(saved.ok).toBe(true);
      const read = await value<{ workingHours: WorkingHours }>(core.call('settings.get', { accountId }));
      expect(read.workingHours).toEqual<WorkingHours>({
        timeZone: 'Asia/Yekaterinburg',
        week: {
          ...DEFAULT_WORKING_HOURS.week,
          mon: [
            ['09:00', '13:00'],
            ['14:00', '18:00'],
          ],
          sat: [['10:00', '16:00']],
        },
        holidays: ['2027-01-11'],
      });

      // An overnight interval, as if the form's own check had been skipped.
      const bad = { ...schedule, week: { ...schedule.week, tue: [['18:00', '09:00']] } };
      const refused = await core.call('settings.update', { accountId, patch: { workingHours: bad } });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', params: { path: 'patch.workingHours.week.tue.0' } },
      });
      if (refused.ok) return;
      expect(describeMessage(refused.error, { now: new Date() })).toBe(
        'Некорректные данные (patch.workingHours.week.tue.0): Начало должно быть раньше конца',
      );
      const after = await value<{ workingHours: WorkingHours }>(core.call('settings.get', { accountId }));
      expect(after.workingHours).toEqual(read.workingHours);
    } finally {
      await core.close();
    }
  });
});
