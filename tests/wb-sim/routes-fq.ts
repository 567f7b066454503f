// Feedbacks & Questions endpoints (CONTRACT §3, §4): F&Q envelopes, query validation and quirks.
import { startOfMskDay } from './format';
import { type Ctx, type Reply, fbapiErr, fqErr, fqOk, isObj, parseJson } from './http';
import { countOf, pageOf, type SimState } from './store';
import type { FeedbackRec, QuestionRec } from './types';
import { feedbackWire, questionWire } from './wire';

const INT_RE = /^\d+$/;
type Parsed<T> = { ok: true; value: T } | { ok: false; reply: Reply };

function bool(q: URLSearchParams, name: string, fallback?: boolean): Parsed<boolean> {
  const v = q.get(name);
  if ((v === null || v === '') && fallback !== undefined) return { ok: true, value: fallback };
  if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
  return { ok: false, reply: fqErr(400, `Плохой формат ${name}`) };
}

/** Optional non-negative integer; an empty value counts as absent (`allowEmptyValue` on dateFrom). */
function optInt(q: URLSearchParams, name: string, max = Number.MAX_SAFE_INTEGER): Parsed<number | undefined> {
  const v = q.get(name);
  if (v === null || v === '') return { ok: true, value: undefined };
  if (!INT_RE.test(v) || Number(v) > max) return { ok: false, reply: fqErr(400, `Плохой формат ${name}`) };
  return { ok: true, value: Number(v) };
}

function reqInt(q: URLSearchParams, name: string, min: number, max: number): Parsed<number> {
  const v = q.get(name);
  // [INF] the spec names no errorText for take/skip; reuse the "Плохой формат <param>" pattern.
  if (v === null || !INT_RE.test(v) || Number(v) < min || Number(v) > max)
    return { ok: false, reply: fqErr(400, `Плохой формат ${name}`) };
  return { ok: true, value: Number(v) };
}

function order(q: URLSearchParams): Parsed<boolean> {
  const v = q.get('order');
  if (v === null || v === '' || v === 'dateDesc') return { ok: true, value: true }; // [INF] default newest first
  if (v === 'dateAsc') return { ok: true, value: false };
  return { ok: false, reply: fqErr(400, 'Плохой формат order') };
}

/**
 * dateFrom/dateTo are unix SECONDS filtering createdDate; dateTo includes its whole second.
 * dateFrom includes its second, or with the `dateFromExclusive` quirk starts after it.
 */
function dateWindow(q: URLSearchParams, fromExclusive = false): Parsed<{ fromMs?: number; toMs?: number }> {
  const from = optInt(q, 'dateFrom');
  if (!from.ok) return from;
  const to = optInt(q, 'dateTo');
  if (!to.ok) return to;
  return {
    ok: true,
    value: {
      ...(from.value !== undefined ? { fromMs: (from.value + (fromExclusive ? 1 : 0)) * 1000 } : {}),
      ...(to.value !== undefined ? { toMs: to.value * 1000 + 999 } : {}),
    },
  };
}

const fbProcessed = (f: FeedbackRec): boolean => f.state === 'wbRu';
const qProcessed = (q: QuestionRec): boolean => q.state !== 'suppliersPortalSynch';

export function feedbackList(s: SimState, q: URLSearchParams, archiveOnly: boolean): Reply {
  const answered = archiveOnly ? ({ ok: true, value: true } as const) : bool(q, 'isAnswered');
  if (!answered.ok) return answered.reply;
  const take = reqInt(q, 'take', 1, 5000);
  if (!take.ok) return take.reply;
  // skip max 199 990 for the list; the archive states no max.
  const skip = reqInt(q, 'skip', 0, archiveOnly ? Number.MAX_SAFE_INTEGER : 199_990);
  if (!skip.ok) return skip.reply;
  const nmId = optInt(q, 'nmId');
  if (!nmId.ok) return nmId.reply;
  const desc = order(q);
  if (!desc.ok) return desc.reply;
  const win = archiveOnly ? ({ ok: true, value: {} } as const) : dateWindow(q, s.quirks.dateFromExclusive);
  if (!win.ok) return win.reply;
  const nm = nmId.value;
  // isAnswered means "processed": true also yields archived feedbacks with answer null.
  const page = pageOf(s.feedbacks, {
    ...win.value,
    desc: desc.value,
    skip: skip.value,
    take: Math.min(take.value, s.quirks.pageCap ?? take.value),
    pred: (f) =>
      fbProcessed(f) === answered.value && (nm === undefined || f.product.nmId === nm) && !s.hiddenFromLists.has(f.id),
  });
  const now = s.now();
  const feedbacks = page.map((f) => feedbackWire(f, now));
  if (archiveOnly) return fqOk({ feedbacks });
  return fqOk({ countUnanswered: s.counters.fbUnanswered, countArchive: s.counters.fbProcessed, feedbacks });
}

export function questionList(s: SimState, q: URLSearchParams): Reply {
  const answered = bool(q, 'isAnswered');
  if (!answered.ok) return answered.reply;
  const take = reqInt(q, 'take', 1, 10_000);
  if (!take.ok) return take.reply;
  const skip = reqInt(q, 'skip', 0, 10_000);
  if (!skip.ok) return skip.reply;
  if (take.value + skip.value > 10_000) return fqErr(400, 'Плохой формат take', ['take + skip must not exceed 10000']);
  const nmId = optInt(q, 'nmId');
  if (!nmId.ok) return nmId.reply;
  const desc = order(q);
  if (!desc.ok) return desc.reply;
  const win = dateWindow(q, s.quirks.dateFromExclusive);
  if (!win.ok) return win.reply;
  const nm = nmId.value;
  const page = pageOf(s.questions, {
    ...win.value,
    desc: desc.value,
    skip: skip.value,
    take: Math.min(take.value, s.quirks.pageCap ?? take.value),
    pred: (x) =>
      qProcessed(x) === answered.value && (nm === undefined || x.product.nmId === nm) && !s.hiddenFromLists.has(x.id),
  });
  const now = s.now();
  return fqOk({
    countUnanswered: s.counters.qUnanswered,
    countArchive: s.counters.qProcessed,
    questions: page.map((x) => questionWire(x, now)),
  });
}

/** GET .../count for feedbacks and questions: isAnswered defaults to true (spec 2026-01-30). */
export function countRoute<T extends { ts: number }>(
  items: readonly T[],
  processed: (r: T) => boolean,
  q: URLSearchParams,
): Reply {
  const answered = bool(q, 'isAnswered', true);
  if (!answered.ok) return answered.reply;
  const win = dateWindow(q);
  if (!win.ok) return win.reply;
  return fqOk(countOf(items, win.value.fromMs, win.value.toMs, (r) => processed(r) === answered.value));
}

export function countUnanswered<T extends { ts: number }>(
  s: SimState,
  items: readonly T[],
  total: number,
  unanswered: (r: T) => boolean,
): Reply {
  return fqOk({
    countUnanswered: total,
    countUnansweredToday: countOf(items, startOfMskDay(s.now()), undefined, unanswered),
  });
}

export function newFeedbacksQuestions(s: SimState): Reply {
  const anyNew = <T extends { wasViewed: boolean }>(arr: readonly T[], open: (r: T) => boolean): boolean => {
    for (let i = arr.length - 1; i >= 0; i--) {
      const r = arr[i] as T;
      if (open(r) && !r.wasViewed) return true;
    }
    return false;
  };
  return fqOk({
    hasNewQuestions: anyNew(s.questions, (x) => x.state === 'suppliersPortalSynch'),
    hasNewFeedbacks: anyNew(s.feedbacks, (f) => f.state === 'none'),
  });
}

/** Content-Type + JSON checks of the `fbapi` service, with its exact `detail` strings. */
async function fbapiJson(ctx: Ctx): Promise<{ ok: true; value: unknown } | { ok: false; reply: Reply }> {
  const buf = await ctx.body(1 << 20);
  const ct = ctx.req.headers['content-type'];
  if (!ct) return { ok: false, reply: fbapiErr('content-type header not specified') };
  const mime = (ct.split(';')[0] ?? '').trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(mime))
    return { ok: false, reply: fbapiErr(`content-type is not a valid mime-type: ${mime}`) };
  if (mime !== 'application/json') return { ok: false, reply: fbapiErr(`not a json content-type: ${mime}`) };
  const value = parseJson(buf);
  if (value === undefined) return { ok: false, reply: fbapiErr('Неверный синтаксис JSON') };
  return { ok: true, value };
}

/**
 * POST (answer) and PATCH (edit) /api/v1/feedbacks/answer.
 * Quirk: "the feedback ID is not validated" -> 204 with an empty body even for an unknown id.
 * PATCH quirk choice: the spec lists only 204/401/402/429 for the edit, so an edit that is not
 * allowed (second edit, past 60 days, never answered) still gets 204 but changes nothing; it is
 * recorded in `recorded().feedbackEdits` with `applied: false` and a reason. [INF]
 */
export async function feedbackAnswer(s: SimState, ctx: Ctx, edit: boolean): Promise<Reply> {
  const parsed = await fbapiJson(ctx);
  if (!parsed.ok) return parsed.reply;
  const b = parsed.value;
  if (!isObj(b) || typeof b.id !== 'string' || typeof b.text !== 'string') return fbapiErr('id and text are required');
  const len = Array.from(b.text).length;
  // Spec says `minimum: 2, maximum: 5000` on a string: read as length 2..5000 (CONTRACT §4).
  if (len < 2 || len > 5000) return fbapiErr('text length must be between 2 and 5000');
  const f = s.feedbackById.get(b.id);
  const at = s.now();
  if (!edit) {
    // [INF] answering an already answered feedback does not overwrite it; an answer rejected on
    // moderation is not shown, so the seller may answer again.
    const applied = !!f && (f.answer === null || f.answer.state === 'rejected');
    if (f && applied) s.answerFeedback(f, b.text);
    s.recorded.feedbackAnswers.push({ id: b.id, text: b.text, at, known: !!f, applied });
  } else {
    const reason = !f
      ? 'unknown id'
      : !f.answer
        ? 'not answered'
        : f.editsUsed > 0
          ? 'already edited'
          : !s.canEdit(f)
            ? 'edit window (60 days) passed'
            : undefined;
    if (f?.answer && !reason) {
      f.answer = { ...f.answer, text: b.text, editable: false };
      f.editsUsed = 1;
    }
    s.recorded.feedbackEdits.push({ id: b.id, text: b.text, at, applied: !reason, ...(reason ? { reason } : {}) });
  }
  return { status: 204 };
}

export function byId<T>(map: Map<string, T>, q: URLSearchParams, errorText: string, wire: (r: T) => unknown): Reply {
  const r = map.get(q.get('id') ?? '');
  return r ? fqOk(wire(r)) : fqErr(422, errorText);
}

/** PATCH /api/v1/questions: one endpoint, three actions by body (oneOf). */
export async function patchQuestion(s: SimState, ctx: Ctx): Promise<Reply> {
  const b = parseJson(await ctx.body(1 << 20));
  if (b === undefined) return fqErr(400, 'failed to decode JSON request.');
  if (!isObj(b) || typeof b.id !== 'string' || !b.id) return fqErr(400, 'Неправильный id в запросе');
  const at = s.now();
  const isView = 'wasViewed' in b && !('answer' in b);
  const answer = isObj(b.answer) && typeof b.answer.text === 'string' ? b.answer.text : undefined;
  if (
    isView
      ? typeof b.wasViewed !== 'boolean'
      : answer === undefined || (b.state !== 'wbRu' && b.state !== 'none') || (b.state === 'wbRu' && !answer.trim())
  ) {
    return fqErr(400, 'Something went wrong', [
      'body must be {id, wasViewed} or {id, answer: {text}, state: "wbRu" | "none"}',
    ]);
  }
  const q = s.questionById.get(b.id);
  if (!q) return fqErr(404, 'Не найден отзыв'); // sic: the spec's 404 text says "feedback"
  if (isView) {
    q.wasViewed = b.wasViewed === true;
    s.recorded.questionViews.push({ id: q.id, wasViewed: q.wasViewed, at });
    return fqOk(null);
  }
  const text = answer as string;
  if (b.state === 'none') {
    if (q.state !== 'suppliersPortalSynch') return fqErr(422, 'Не удалось отредактировать вопрос');
    s.answerQuestion(q, text, 'none');
    s.recorded.questionRejections.push({ id: q.id, text, at });
    return fqOk(null);
  }
  if (q.state === 'suppliersPortalSynch') {
    s.answerQuestion(q, text, 'wbRu');
    s.recorded.questionAnswers.push({ id: q.id, text, at });
    return fqOk(null);
  }
  // An answer can be edited once within 60 days of sending; otherwise 422.
  const allowed = q.state === 'wbRu' && q.answer !== null && s.canEdit(q);
  s.recorded.questionEdits.push({ id: q.id, text, at, applied: allowed });
  if (!allowed || !q.answer) return fqErr(422, 'Не удалось отредактировать вопрос');
  q.answer = { ...q.answer, text, editable: false };
  q.editsUsed = 1;
  return fqOk(null);
}
