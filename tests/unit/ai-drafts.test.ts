import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDraft } from '../../src-main/core/ai/draft-service';
import { createOfflineProvider } from '../../src-main/core/ai/offline-provider';
import { createOpenAiCompatibleProvider } from '../../src-main/core/ai/openai-compatible-provider';
import { DraftProviderError, type DraftRequest } from '../../src-main/core/ai/types';
import { BUILTIN_TEMPLATES } from '../../src-main/core/replies/builtin-templates';

const API_KEY = 'sk-test-SECRET-0123456789abcdef';

function request(
  over: Partial<DraftRequest> = {},
  interaction: Partial<DraftRequest['interaction']> = {},
): DraftRequest {
  return {
    channel: 'review',
    interaction: {
      text: 'Отличные кроссовки, удобные!',
      pros: 'лёгкие',
      cons: 'нет',
      rating: 5,
      customerName: 'Мария',
      productName: 'Кроссовки беговые',
      productArticle: 'RUN-42',
      nmId: 123456,
      intent: null,
      ...interaction,
    },
    grounding: { recentAnswers: [{ question: 'Подойдут для бега зимой?', answer: 'Да, подошва не дубеет до −15.' }] },
    tone: { formality: 'вы', style: 'friendly' },
    templates: [...BUILTIN_TEMPLATES],
    recentlyUsedTemplateIds: [],
    ...over,
  };
}

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** A real OpenAI-compatible server on a random port; `respond` decides each answer. */
const servers: Server[] = [];
async function startServer(
  respond: (req: Received, res: ServerResponse) => void,
): Promise<{ baseUrl: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(raw || 'null') as unknown,
      };
      received.push(entry);
      respond(entry, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}/v1/`, received };
}
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const completion = (content: string) =>
  JSON.stringify({ id: 'x', choices: [{ index: 0, message: { role: 'assistant', content } }] });
const json = (res: ServerResponse, status: number, body: string) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(body);

describe('offline provider', () => {
  it('fills the template from the interaction facts and appends the signature', async () => {
    const result = await createOfflineProvider().generate(
      request({ tone: { formality: 'вы', signature: 'Команда RunFast' } }),
    );
    expect(result.provider).toBe('offline');
    expect(result.templateId).toBe('builtin-thanks-5-a');
    expect(result.text).toBe(
      'Мария, спасибо за отличную оценку! Рады, что покупка «Кроссовки беговые» вам понравилась. Будем рады видеть вас снова!\n\nКоманда RunFast',
    );
  });

  it('rotates away from recently used templates', async () => {
    const result = await createOfflineProvider().generate(request({ recentlyUsedTemplateIds: ['builtin-thanks-5-a'] }));
    expect(result.templateId).toBe('builtin-thanks-5-b');
  });

  it('apologises for a defect on a low rating, and for a wrong item', async () => {
    const provider = createOfflineProvider();
    const defect = await provider.generate(
      request({}, { rating: 1, text: 'Пришли с браком, подошва отклеилась', cons: '' }),
    );
    expect(defect.templateId).toBe('builtin-apology-defect');
    const wrong = await provider.generate(request({}, { rating: 2, text: 'Прислали не тот цвет', cons: null }));
    expect(wrong.templateId).toBe('builtin-apology-wrong-item');
  });

  it('answers a question by its intent and reads well without a name', async () => {
    const result = await createOfflineProvider().generate(
      request(
        { channel: 'question' },
        { rating: null, intent: 'sizing_fit', customerName: null, text: 'Какой размер взять на 42?' },
      ),
    );
    expect(result.templateId).toBe('builtin-question-sizing');
    expect(result.text.startsWith('Здравствуйте! Рекомендуем')).toBe(true);
  });

  it('greets in a new chat and follows up once the seller has written', async () => {
    const provider = createOfflineProvider();
    const chat = { rating: null, messages: [{ sender: 'client' as const, text: 'Добрый день' }] };
    expect((await provider.generate(request({ channel: 'chat' }, chat))).templateId).toBe('builtin-chat-greeting');
    const later = { ...chat, messages: [...chat.messages, { sender: 'seller' as const, text: 'Здравствуйте!' }] };
    expect((await provider.generate(request({ channel: 'chat' }, later))).templateId).toBe('builtin-chat-followup');
  });

  it('prefers the seller’s own templates over the built-in ones', async () => {
    const own = {
      id: 'own-5',
      folder: 'Мои',
      title: 'Моё',
      text: 'Спасибо, {имя}!',
      channels: ['review' as const],
      ratings: [5],
    };
    const result = await createOfflineProvider().generate(request({ templates: [own] }));
    expect(result).toMatchObject({ templateId: 'own-5', text: 'Спасибо, Мария!' });
  });
});

describe('OpenAI-compatible provider', () => {
  it('posts a grounded Russian prompt with the bearer key and returns the trimmed answer', async () => {
    const { baseUrl, received } = await startServer((_req, res) =>
      json(res, 200, completion('  «Мария, спасибо за отзыв!»  ')),
    );
    const provider = createOpenAiCompatibleProvider({
      baseUrl,
      model: 'deepseek-chat',
      getApiKey: async () => API_KEY,
    });
    const result = await provider.generate(request({ tone: { formality: 'ты', signature: 'RunFast' } }));

    expect(result).toEqual({
      text: 'Мария, спасибо за отзыв!\n\nRunFast',
      provider: 'openai_compatible',
      model: 'deepseek-chat',
    });
    const [call] = received;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/v1/chat/completions');
    expect(call?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(call?.headers['content-type']).toBe('application/json');
    const body = call?.body as { model: string; messages: { role: string; content: string }[] };
    expect(body.model).toBe('deepseek-chat');
    const [system, user] = body.messages;
    expect(system?.role).toBe('system');
    expect(system?.content).toContain('не упоминай искусственный интеллект');
    expect(system?.content).toContain('не указывай телефоны, ссылки');
    expect(system?.content).toContain('на «ты»');
    expect(user?.content).toContain('Кроссовки беговые');
    expect(user?.content).toContain('Оценка: 5 из 5');
    expect(user?.content).toContain('Да, подошва не дубеет до −15.');
  });

  it('sends no Authorization header when there is no key (a local server)', async () => {
    const { baseUrl, received } = await startServer((_req, res) => json(res, 200, completion('Спасибо!')));
    await createOpenAiCompatibleProvider({ baseUrl, model: 'local', getApiKey: async () => null }).generate(request());
    expect(received[0]?.headers.authorization).toBeUndefined();
  });

  it.each([
    ['an empty answer', 200, completion('   '), 'empty_response'],
    ['a body that is not JSON', 200, '<html>oops</html>', 'bad_response'],
    ['a body without choices', 200, '{"choices":[]}', 'bad_response'],
    ['HTTP 401', 401, JSON.stringify({ error: { message: `Incorrect API key provided: ${API_KEY}` } }), 'http_error'],
  ])('fails typed on %s without leaking the key', async (_name, status, body, code) => {
    const { baseUrl } = await startServer((_req, res) => json(res, status, body));
    const provider = createOpenAiCompatibleProvider({ baseUrl, model: 'm', getApiKey: async () => API_KEY });
    const error = await provider.generate(request()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DraftProviderError);
    expect((error as DraftProviderError).code).toBe(code);
    expect(String((error as Error).message)).not.toContain('SECRET');
    expect(JSON.stringify((error as DraftProviderError).reason)).not.toContain('SECRET');
  });
});

describe('generateDraft', () => {
  const offline = createOfflineProvider();

  it('uses the primary provider and runs the guardrails on its text', async () => {
    const { baseUrl } = await startServer((_req, res) =>
      json(res, 200, completion('Спасибо! Этот ответ написал наш бот.')),
    );
    const primary = createOpenAiCompatibleProvider({ baseUrl, model: 'm', getApiKey: async () => API_KEY });
    const outcome = await generateDraft(request(), { primary, fallback: offline });
    expect(outcome.provider).toBe('openai_compatible');
    expect(outcome.fellBack).toBeUndefined();
    expect(outcome.blocked).toBe(true);
    expect(outcome.violations.map((v) => v.phrase)).toEqual(['бот']);
  });

  it('falls back to the offline templates on a 500, with a redacted reason', async () => {
    const { baseUrl } = await startServer((_req, res) =>
      json(res, 500, JSON.stringify({ error: { message: `boom for key ${API_KEY}` } })),
    );
    const primary = createOpenAiCompatibleProvider({ baseUrl, model: 'm', getApiKey: async () => API_KEY });
    const outcome = await generateDraft(request(), { primary, fallback: offline });
    expect(outcome).toMatchObject({
      provider: 'offline',
      fellBack: true,
      templateId: 'builtin-thanks-5-a',
      blocked: false,
      violations: [],
    });
    expect(outcome.reason).toMatchObject({
      code: 'ai_http_error',
      params: { status: 500, detail: expect.stringContaining('boom') },
    });
    expect(JSON.stringify(outcome)).not.toContain('SECRET');
  });

  it('falls back when the model does not answer in time', async () => {
    const { baseUrl } = await startServer(() => {
      // Never answers: the provider's timeout must fire.
    });
    const primary = createOpenAiCompatibleProvider({
      baseUrl,
      model: 'm',
      getApiKey: async () => API_KEY,
      timeoutMs: 200,
    });
    const started = Date.now();
    const outcome = await generateDraft(request(), { primary, fallback: offline });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ provider: 'offline', fellBack: true });
    expect(outcome.reason).toMatchObject({ code: 'ai_timeout', params: { seconds: expect.any(Number) } });
    expect(JSON.stringify(outcome)).not.toContain('SECRET');
  });

  it('falls back when the server is unreachable', async () => {
    const { baseUrl } = await startServer(() => {});
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    const primary = createOpenAiCompatibleProvider({ baseUrl, model: 'm', getApiKey: async () => API_KEY });
    const outcome = await generateDraft(request(), { primary, fallback: offline });
    expect(outcome.reason).toMatchObject({ code: 'ai_unreachable' });
  });

  it('does not fall back when the seller cancelled', async () => {
    const { baseUrl } = await startServer(() => {});
    const primary = createOpenAiCompatibleProvider({ baseUrl, model: 'm', getApiKey: async () => API_KEY });
    const controller = new AbortController();
    const pending = generateDraft(request(), { primary, fallback: offline }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('uses the offline provider alone when no AI is configured', async () => {
    const outcome = await generateDraft(request(), { fallback: offline });
    expect(outcome).toMatchObject({ provider: 'offline', blocked: false });
    expect(outcome.fellBack).toBeUndefined();
  });
});
