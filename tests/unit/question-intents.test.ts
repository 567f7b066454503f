import { describe, expect, it } from 'vitest';
import { QUESTION_INTENTS, type QuestionIntent } from '../../src-shared/domain/interaction';
import {
  classifyQuestionIntent,
  classifyQuestionIntentWithConfidence,
  NO_SIGNAL_CONFIDENCE,
} from '../../src-main/core/inbox/intent';
import { QUESTION_INTENT_FIXTURE, QUESTION_INTENT_FRESH } from '../fixtures/question-intents';

/** Even indices tuned the rules; odd indices are held out (each intent's block splits 13/13). */
const tuning = QUESTION_INTENT_FIXTURE.filter((_, i) => i % 2 === 0);
const heldOut = QUESTION_INTENT_FIXTURE.filter((_, i) => i % 2 === 1);

function measure(name: string, cases: typeof QUESTION_INTENT_FIXTURE): number {
  const matrix = new Map<QuestionIntent, Map<QuestionIntent, number>>(
    QUESTION_INTENTS.map((actual) => [actual, new Map(QUESTION_INTENTS.map((guess) => [guess, 0]))]),
  );
  let correct = 0;
  for (const { text, intent } of cases) {
    const guess = classifyQuestionIntent(text);
    if (guess === intent) correct += 1;
    const row = matrix.get(intent)!;
    row.set(guess, row.get(guess)! + 1);
  }
  const accuracy = correct / cases.length;
  const short: Record<QuestionIntent, string> = {
    sizing_fit: 'size',
    availability_delivery: 'avail',
    spec_compatibility: 'spec',
    pre_purchase: 'pre',
    post_purchase: 'post',
    general: 'gen',
  };
  const header = ['label \\ rules'.padEnd(22), ...QUESTION_INTENTS.map((i) => short[i].padStart(6))].join('');
  const rows = QUESTION_INTENTS.map((actual) =>
    [actual.padEnd(22), ...QUESTION_INTENTS.map((guess) => String(matrix.get(actual)!.get(guess)).padStart(6))].join(
      '',
    ),
  );
  console.log(
    [`${name}: accuracy ${correct}/${cases.length} = ${accuracy.toFixed(3)}`, header, ...rows].join('\n') + '\n',
  );
  return accuracy;
}

describe('question intents, measured on the labelled fixture', () => {
  it('the fixture is large enough, balanced and uses every intent', () => {
    expect(QUESTION_INTENT_FIXTURE.length).toBeGreaterThanOrEqual(150);
    for (const intent of QUESTION_INTENTS) {
      const count = QUESTION_INTENT_FIXTURE.filter((q) => q.intent === intent).length;
      expect(count, intent).toBeGreaterThanOrEqual(20);
    }
  });

  it('prints accuracy and the confusion matrix on both halves; the held-out half stays above the floor', () => {
    const tuned = measure('tuning half', tuning);
    const held = measure('held-out half', heldOut);
    expect(tuned).toBeGreaterThanOrEqual(0.9);
    expect(held).toBeGreaterThanOrEqual(0.85);
  });

  it('prints accuracy on the fresh set written after the rules were frozen (never tuned on)', () => {
    const fresh = measure('fresh set (after the rules were frozen)', QUESTION_INTENT_FRESH);
    // A regression guard just under the measured 22/60, not a target: these rules miss most
    // questions phrased without their keywords (see the matrix: nearly everything falls to general).
    expect(fresh).toBeGreaterThanOrEqual(0.35);
  });
});

describe('question intent rules', () => {
  it('word forms of one stem land on the same intent', () => {
    for (const text of ['какой размер', 'нет моего размера', 'размеры идут', 'по размерной сетке']) {
      expect(classifyQuestionIntent(text), text).toBe('sizing_fit');
    }
    for (const text of ['есть в наличии', 'наличие уточните', 'когда привезут', 'привезли ли', 'ждать поступления']) {
      expect(classifyQuestionIntent(text), text).toBe('availability_delivery');
    }
    expect(classifyQuestionIntent('Совместимо с айфоном?')).toBe('spec_compatibility');
    expect(classifyQuestionIntent('совместимость с самсунгом')).toBe('spec_compatibility');
  });

  it('«ё» and «е» are the same letter', () => {
    expect(classifyQuestionIntent('подойдёт к телефону')).toBe('spec_compatibility');
    expect(classifyQuestionIntent('подойдет к телефону')).toBe('spec_compatibility');
  });

  it('no signal: general, with low confidence', () => {
    expect(classifyQuestionIntentWithConfidence('добрый вечер')).toEqual({
      intent: 'general',
      confidence: NO_SIGNAL_CONFIDENCE,
    });
    expect(NO_SIGNAL_CONFIDENCE).toBeLessThan(0.5);
  });

  it('confidence grows with the signals and drops on a tie between intents', () => {
    const weak = classifyQuestionIntentWithConfidence('цвет какой');
    const strong = classifyQuestionIntentWithConfidence('маломерит? на рост 170');
    const tied = classifyQuestionIntentWithConfidence('маломерит? когда будет в наличии');
    expect(weak.intent).toBe('pre_purchase');
    expect(strong.intent).toBe('sizing_fit');
    expect(strong.confidence).toBeGreaterThan(weak.confidence);
    expect(tied.confidence).toBeLessThan(strong.confidence);
  });

  it('a buyer who already has the item wins over the topic words', () => {
    expect(classifyQuestionIntent('заказала 44 размер, маломерит, как вернуть')).toBe('post_purchase');
    expect(classifyQuestionIntent('получил без зарядки, какой разъём нужен')).toBe('post_purchase');
  });
});
