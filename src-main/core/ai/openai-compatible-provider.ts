import { request as httpRequest, type Dispatcher } from 'undici';
import { z } from 'zod';
import { aiBaseUrlProblem } from '../../../src-shared/domain/settings';
import { redact as redactKnown, rememberSecret } from '../redact';
import { coreMessage } from '../../../src-shared/messages/catalog';
import { buildDraftPrompt, type ChatPromptMessage } from './draft-prompt';
import { appendSignature } from './signature';
import { DraftProviderError, type DraftProvider, type DraftRequest, type DraftResult } from './types';

export const OPENAI_COMPATIBLE_PROVIDER_ID = 'openai_compatible';
const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_ERROR_DETAIL = 200;

export interface OpenAiCompatibleOptions {
  /** e.g. https://api.openai.com/v1, https://api.deepseek.com/v1, http://127.0.0.1:11434/v1 */
  baseUrl: string;
  model: string;
  /**
   * Read from the keychain per call, so a rotated key applies at once; given the origin the
   * request is about to go to, so a key entered for another server is refused (throws) at send
   * time. null: send no key (local servers).
   */
  getApiKey: (origin: string) => Promise<string | null>;
  timeoutMs?: number;
  temperature?: number;
  dispatcher?: Dispatcher;
}

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

/**
 * Keys must never reach logs or the UI. Some servers echo the key back (OpenAI's 401 text
 * quotes a masked prefix), so scrub every known secret (the key in any encoding, see redact.ts)
 * and anything shaped like a key.
 */
function redact(text: string): string {
  const out = redactKnown(text)
    .replace(/\b(?:sk|pk|key)-[A-Za-z0-9_*.-]{4,}/g, '***')
    .replace(/Bearer\s+\S+/gi, 'Bearer ***');
  return out.length > MAX_ERROR_DETAIL ? `${out.slice(0, MAX_ERROR_DETAIL)}…` : out;
}

/** Models sometimes wrap the whole answer in quotes despite being told not to. */
function unwrap(content: string): string {
  const text = content.trim();
  const quoted = /^(["«“])([\s\S]*)(["»”])$/.exec(text);
  return quoted?.[2] && !/["«»“”]/.test(quoted[2]) ? quoted[2].trim() : text;
}

export interface CompletionCall {
  messages: ChatPromptMessage[];
  temperature: number;
  maxTokens: number;
  signal?: AbortSignal;
}

/**
 * One chat completion against an OpenAI-compatible server: the address checked, the key read per
 * call for the origin it goes to, the time limit, and every failure turned into a redacted
 * DraftProviderError. Drafts and the question-intent fallback both go through it.
 */
export async function requestCompletion(options: OpenAiCompatibleOptions, call: CompletionCall): Promise<string> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Settings refuse such an address; one stored before that rule (or edited by hand) is refused here.
  const problem = aiBaseUrlProblem(url);
  if (problem) throw new DraftProviderError('config', problem);
  const apiKey = (await options.getApiKey(new URL(url).origin))?.trim() || null;
  rememberSecret(apiKey);
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const body = JSON.stringify({
    model: options.model,
    messages: call.messages,
    temperature: call.temperature,
    max_tokens: call.maxTokens,
  });

  let status: number;
  let raw: string;
  try {
    // undici's request() follows no redirect: the key goes to this origin and nowhere else.
    const response = await httpRequest(url, {
      method: 'POST',
      headers,
      body,
      signal: combined,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    status = response.statusCode;
    raw = await response.body.text();
  } catch (error) {
    if (call.signal?.aborted) throw new DraftProviderError('aborted', coreMessage('ai_aborted'));
    if (timeout.aborted)
      throw new DraftProviderError('timeout', coreMessage('ai_timeout', { seconds: Math.round(timeoutMs / 1000) }));
    // undici errors carry a code (ECONNREFUSED, UND_ERR_SOCKET...) and never the request headers.
    const code = (error as { code?: unknown }).code;
    throw new DraftProviderError(
      'network',
      coreMessage('ai_unreachable', { detail: typeof code === 'string' ? code : null }),
    );
  }

  if (status !== 200) {
    throw new DraftProviderError('http_error', coreMessage('ai_http_error', { status, detail: errorDetail(raw) }));
  }
  let parsed: z.infer<typeof completionSchema>;
  try {
    parsed = completionSchema.parse(JSON.parse(raw));
  } catch {
    throw new DraftProviderError('bad_response', coreMessage('ai_bad_response'));
  }
  return unwrap(parsed.choices[0]?.message.content ?? '');
}

export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): DraftProvider {
  return {
    id: OPENAI_COMPATIBLE_PROVIDER_ID,
    async generate(request: DraftRequest, signal?: AbortSignal): Promise<DraftResult> {
      const text = await requestCompletion(options, {
        messages: buildDraftPrompt(request),
        temperature: options.temperature ?? 0.7,
        maxTokens: 1000,
        signal,
      });
      if (!text) throw new DraftProviderError('empty_response', coreMessage('ai_empty_response'));
      return {
        text: appendSignature(text, request.tone.signature),
        provider: OPENAI_COMPATIBLE_PROVIDER_ID,
        model: options.model,
      };
    },
  };
}

/** The server's own error message helps ("model not found"), once scrubbed of anything key-like. */
function errorDetail(raw: string): string | null {
  try {
    const message = (JSON.parse(raw) as { error?: { message?: unknown } }).error?.message;
    return typeof message === 'string' && message.trim() ? redact(message.trim()) : null;
  } catch {
    return null;
  }
}
