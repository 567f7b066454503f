import type { z } from 'zod';
import { WbApiError, type WbHttp, type WbRequest } from './http';
import type { WbLimitGroup } from './limits';

/**
 * One WB GET whose body must match `schema`. A body that is not JSON or breaks the envelope
 * is retried once (a proxy hiccup), then reported as a contract error. Not for Base tokens:
 * a request of theirs is minutes to an hour of quota, and the next sync asks again anyway.
 */
export async function getJson<S extends z.ZodTypeAny>(
  http: WbHttp,
  group: WbLimitGroup,
  req: WbRequest,
  schema: S,
): Promise<z.infer<S>> {
  let lastError: WbApiError | null = null;
  const attempts = http.tokenType === 'base' ? 1 : 2;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const response = await http.call(group, req);
    const parsed = await parseBodyYielding(response.body, schema);
    if (parsed.ok) return parsed.value;
    lastError = new WbApiError(
      'contract',
      response.status,
      `WB sent an unexpected response to ${req.method} ${req.path}: ${parsed.why}`,
    );
  }
  throw lastError!;
}

/** JSON.parse of a large page and its envelope check are two long steps: yield between them. */
async function parseBodyYielding<S extends z.ZodTypeAny>(
  body: Buffer,
  schema: S,
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; why: string }> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, why: 'not JSON' };
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
  return checkEnvelope(json, schema);
}

function checkEnvelope<S extends z.ZodTypeAny>(
  json: unknown,
  schema: S,
): { ok: true; value: z.infer<S> } | { ok: false; why: string } {
  const result = schema.safeParse(json);
  if (!result.success)
    return {
      ok: false,
      why: result.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')
        .slice(0, 200),
    };
  return { ok: true, value: result.data };
}

export function parseBody<S extends z.ZodTypeAny>(
  body: Buffer,
  schema: S,
): { ok: true; value: z.infer<S> } | { ok: false; why: string } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, why: 'not JSON' };
  }
  return checkEnvelope(json, schema);
}
