import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface AiRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The request as it arrived: headers and body, for "the key appears nowhere" checks. */
  raw: string;
}

export interface AiServer {
  /** `http://127.0.0.1:PORT/v1`: what a seller types as the API address. */
  baseUrl: string;
  origin: string;
  received: AiRequest[];
}

export const completion = (content: string) =>
  JSON.stringify({ id: 'x', choices: [{ index: 0, message: { role: 'assistant', content } }] });

/** Real OpenAI-compatible servers on 127.0.0.1, closed after each test; `respond` answers each request. */
export function useAiServers(): (respond?: (request: AiRequest, res: ServerResponse) => void) => Promise<AiServer> {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
  return async (
    respond = (_request, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(completion('Спасибо за отзыв!')),
  ) => {
    const received: AiRequest[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const head = [
          `${req.method} ${req.url}`,
          ...Object.entries(req.headers).map(([name, value]) => `${name}: ${String(value)}`),
        ].join('\n');
        const request = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          raw: `${head}\n\n${Buffer.concat(chunks).toString('utf8')}`,
        };
        received.push(request);
        respond(request, res);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { baseUrl: `http://127.0.0.1:${port}/v1`, origin: `http://127.0.0.1:${port}`, received };
  };
}
