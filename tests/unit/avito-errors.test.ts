import { describe, expect, it } from 'vitest';
import { AvitoApiError, avitoCoreError, errorDetail } from '../../src-main/core/avito/errors';
import { rememberSecret } from '../../src-main/core/redact';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('Avito error bodies (CONTRACT §3: they vary)', () => {
  it('reads the spec’s {error: {code, message}}', () => {
    expect(errorDetail(body({ error: { code: 402, message: 'Payment required' } }))).toBe('Payment required');
  });

  it('reads {errors: […]}', () => {
    expect(errorDetail(body({ errors: ['limit is too big', 'offset is negative'] }))).toBe(
      'limit is too big; offset is negative',
    );
  });

  it('reads {result: {status: "error", messages: […]}}', () => {
    expect(errorDetail(body({ result: { status: 'error', messages: ['item not found'] } }))).toBe('item not found');
  });

  it('reads {message, code} and Kong’s 404', () => {
    expect(errorDetail(body({ message: 'no Route matched with those values' }))).toBe(
      'no Route matched with those values',
    );
    expect(errorDetail(body({ message: 'Too many requests', code: 429 }))).toBe('Too many requests');
  });

  it('reads OAuth’s {error, error_description} from /token', () => {
    expect(errorDetail(body({ error: 'invalid_client', error_description: 'invalid client credentials' }))).toBe(
      'invalid client credentials',
    );
  });

  it('falls back to the raw text, on one bounded line', () => {
    expect(errorDetail(body('<html>\n<body>502 Bad Gateway</body>\n</html>'))).toBe(
      '<html> <body>502 Bad Gateway</body> </html>',
    );
    expect(errorDetail(body('x'.repeat(500)))!.length).toBeLessThanOrEqual(201);
    expect(errorDetail(body(''))).toBeNull();
  });

  it('masks a remembered secret wherever the body has it', () => {
    rememberSecret('client-secret-for-unit-test');
    expect(errorDetail(body({ error: { code: 400, message: 'bad client_secret=client-secret-for-unit-test' } }))).toBe(
      'bad client_secret=[скрыто]',
    );
  });

  it('becomes a coded CoreError, retryable only for limits and outages', () => {
    const limited = new AvitoApiError('rate_limited', 429, 'limited');
    limited.retryAt = new Date('2026-12-01T10:00:00Z');
    expect(avitoCoreError(limited)).toMatchObject({
      code: 'avito_rate_limited',
      params: { retryAt: '2026-12-01T10:00:00.000Z' },
      retryable: true,
    });
    expect(avitoCoreError(new AvitoApiError('employee_key', 403, 'x'))).toMatchObject({
      code: 'avito_employee_key',
      retryable: false,
    });
  });
});
