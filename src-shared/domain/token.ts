/**
 * What a seller pastes, or AGENTIQ_WB_TOKEN holds, reduced to the token itself: surrounding
 * spaces and a leading «Bearer » are not part of it (WB's Authorization header is the raw token).
 * The one place this rule lives: the renderer, the connect flow, the env token, the token decoder
 * and the redactor all use it.
 */
export const normaliseToken = (raw: string): string =>
  raw
    .trim()
    .replace(/^Bearer\s+/i, '')
    .trim();
