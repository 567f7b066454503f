// Public entry of the Avito API simulator (a fake api.avito.ru for tests and manual runs).
//
// API (CONTRACT §0 table): POST /token (and /token/), GET /core/v1/accounts/self, GET /messenger/v2/…/chats[/{id}],
// GET /messenger/v3/…/chats/{id}/messages/ (trailing slash), POST /messenger/v1/…/chats/{id}/messages[/image|/{mid}],
// POST …/read, POST …/uploadImages, GET …/getVoiceFiles, and the webhook/blacklist stubs. Media: GET /__img/…, /__voice/….
//
// HTTP control endpoints (JSON, no auth), mirroring AvitoSimControl:
//   GET  /__sim/counts                       -> {chats, u2i, u2u, unreadChats, messages, companyChats, tokensIssued}
//   GET  /__sim/requests                     -> {requests: [{method, path, rawQuery, status, time}]}
//   GET  /__sim/sent                         -> {sent: [{chatId, messageId, text, responseLost}], reads: [chatId]}
//   POST /__sim/recorded/reset               -> {ok}
//   POST /__sim/buyer-writes {chatId?, text?} -> {chatId, messageId} (no chatId: a new u2i chat)
//   POST /__sim/buyer-race {chatId}          -> {ok} (the next send there finds a buyer message written just before)
//   POST /__sim/tier {denied: false|402|403} -> {ok}
//   POST /__sim/employee-key {on}            -> {ok}
//   POST /__sim/rate-limit {perMinute|null}  -> {ok} (X-RateLimit-* on every answer, 429 + Retry-After past it)
//   POST /__sim/tokens/expire                -> {ok} (every issued token answers 403 from now on)
//   POST /__sim/tokens/revoke                -> {ok} (every issued token is unknown: 401 from now on)
//   POST /__sim/tokens/expires-in {seconds}  -> {ok} (lifetime of tokens issued from now on)
//   POST /__sim/inject AvitoFaultSpec        -> {ok, faults} (429 ± Retry-After ± X-RateLimit-*, 5xx, reset, lostResponse)
//   GET  /__sim/faults                       -> {faults}
//   POST /__sim/clear-faults                 -> {ok}
export {
  startAvitoSimulator,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type AvitoSim,
  type AvitoSimOptions,
} from './server';
export { AvitoSimControl, type AvitoFaultSpec, type AvitoSimModes } from './control';
export { AvitoSimState, type SimChat, type SimMessage, type SimItem, type RequestLogEntry } from './store';
