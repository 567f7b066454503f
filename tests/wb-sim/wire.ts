// Turns compact records into the exact wire objects of the contract (CONTRACT §3, §4 field tables).
import { EDIT_WINDOW_MS } from './store';
import type { FeedbackRec, QuestionRec } from './types';

/** `answer.editable` turns false once the 60-day edit window has passed. */
function editableNow(rec: { answeredAt: number | null; editsUsed: number }, stored: boolean, now: number): boolean {
  return stored && rec.editsUsed === 0 && rec.answeredAt !== null && now - rec.answeredAt <= EDIT_WINDOW_MS;
}

export function feedbackWire(f: FeedbackRec, now: number) {
  const p = f.product;
  const photoBase = `https://feedback04.wbbasket.ru/vol${1000 + (f.seq % 900)}/part${100000 + f.seq}/${p.nmId}/photos`;
  return {
    id: f.id,
    text: f.text,
    pros: f.pros,
    cons: f.cons,
    productValuation: f.valuation,
    createdDate: f.createdDate,
    answer: f.answer
      ? { text: f.answer.text, state: f.answer.state, editable: editableNow(f, f.answer.editable, now) }
      : null,
    state: f.state,
    productDetails: {
      imtId: p.imtId,
      nmId: p.nmId,
      productName: p.name,
      supplierArticle: p.supplierArticle,
      supplierName: 'ИП Смирнова А. В.',
      brandName: p.brand,
      size: f.size,
    },
    // photoLinks are webp since 2026-02-05 (CONTRACT §9).
    photoLinks: f.photos
      ? Array.from({ length: f.photos }, (_v, i) => ({
          fullSize: `${photoBase}/fs${i}.webp`,
          miniSize: `${photoBase}/ms${i}.webp`,
        }))
      : null,
    video: f.video
      ? {
          previewImage: `https://videofeedback01.wbbasket.ru/${f.id}/preview.webp`,
          link: `https://videofeedback01.wbbasket.ru/${f.id}/index.m3u8`,
          durationSec: 5 + (f.seq % 40),
        }
      : null,
    wasViewed: f.wasViewed,
    userName: f.userName,
    orderStatus: f.orderStatus,
    matchingSize: f.matchingSize,
    isAbleSupplierFeedbackValuation: false,
    supplierFeedbackValuation: 0,
    isAbleSupplierProductValuation: false,
    supplierProductValuation: 0,
    isAbleReturnProductOrders: f.orderStatus === 'buyout' && f.valuation <= 2,
    returnProductOrdersDate: null,
    bables: f.bables,
    lastOrderShkId: f.shkId ?? 10_000_000_000 + f.seq * 7919,
    lastOrderCreatedAt: new Date(f.ts - 5 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    color: f.color,
    subjectId: p.subjectId,
    subjectName: p.subjectName,
    parentFeedbackId: f.parentFeedbackId ?? null,
    childFeedbackId: f.childFeedbackId ?? null,
  };
}

export function questionWire(q: QuestionRec, now: number) {
  const p = q.product;
  return {
    id: q.id,
    text: q.text,
    createdDate: q.createdDate,
    state: q.state,
    answer: q.answer
      ? {
          text: q.answer.text,
          editable: q.state === 'wbRu' && editableNow(q, q.answer.editable, now),
          createDate: q.answer.createDate,
        }
      : null,
    // Question productDetails have no `size` (CONTRACT §3).
    productDetails: {
      imtId: p.imtId,
      nmId: p.nmId,
      productName: p.name,
      supplierArticle: p.supplierArticle,
      supplierName: 'ИП Смирнова А. В.',
      brandName: p.brand,
    },
    wasViewed: q.wasViewed,
    isWarned: q.isWarned,
  };
}
