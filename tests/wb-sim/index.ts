// Public entry of the WB API simulator (a fake WB server for tests and manual runs).
//
// HTTP control endpoints (JSON, no auth), mirroring SimControl:
//   GET  /__sim/counts                      -> SimCounts
//   GET  /__sim/link-truth                  -> {truth: LinkTruth[]} (linking ground truth, linkCases option)
//   GET  /__sim/recorded                    -> Recorded (answers, edits, views, chat messages, request log)
//   POST /__sim/recorded/reset              -> {ok}
//   POST /__sim/reviews {n}                 -> {ids}
//   POST /__sim/questions {n}               -> {ids}
//   POST /__sim/chat-messages {chatCount, perChat} -> {events: [{chatID, eventID, addTimestamp}]}
//   POST /__sim/answer-in-portal {kind: feedback|question|chat, id, text} -> {ok}
//   POST /__sim/answer-state {id, state: wbRu|reviewRequired|rejected} -> {ok} (a feedback answer's moderation)
//   POST /__sim/archive-unanswered {id}     -> {ok}
//   POST /__sim/inject FaultSpec            -> {ok, faults}
//   GET  /__sim/faults                      -> {faults}
//   POST /__sim/clear-faults                -> {ok}
//   POST /__sim/limits {on}                 -> {ok, limits}
//   POST /__sim/token MakeWbTokenOptions (expiresAt as ISO string) -> {token}
export { startWbSimulator, type WbSim, type WbSimOptions } from './server';
export { SimControl, type PortalKind } from './control';
export { FAULT_GROUPS, type FaultSpec } from './faults';
export { SimState, type Recorded, type RequestLogEntry, type SimCounts } from './store';
export {
  makeWbToken,
  checkWbToken,
  DEFAULT_SELLER_ID,
  SCOPE_BIT,
  type MakeWbTokenOptions,
  type WbScope,
  type WbTokenType,
} from './tokens';
export { bucketSpec, type LimitGroup } from './rate-limit';
export type { Chat, ChatEvent, FeedbackRec, QuestionRec } from './types';
export type { LinkCaseKind, LinkTruth } from './link-cases';
