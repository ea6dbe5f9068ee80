import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  form: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** `operation` from the query string or, failing that, the form body (like Vtiger's merged request). */
  operation: string;
}

/** What the script answers: a JSON value is sent as an envelope body; `reset` destroys the socket. */
export type ScriptedAnswer =
  { status?: number; body?: string; json?: unknown; contentType?: string; delayMs?: number } | 'reset' | 'hang';

/**
 * A tiny HTTP server answering with a script, for unit tests of the client's wire behaviour (parameter placement,
 * envelopes, retries, timeouts) over a real socket. Not a Vtiger simulator: each test says what the server answers.
 */
export interface ScriptedServer {
  url: string;
  endpoint: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export function ok(result: unknown): ScriptedAnswer {
  return { json: { success: true, result } };
}

export function fail(code: string | number, message: string): ScriptedAnswer {
  return { json: { success: false, error: { message, code } } };
}

export async function startScriptedServer(
  script: (req: SeenRequest) => ScriptedAnswer | Promise<ScriptedAnswer>,
): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(
        String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? body : '',
      );
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        body,
        form,
        headers: req.headers,
        operation: url.searchParams.get('operation') ?? form.get('operation') ?? '',
      };
      requests.push(seen);
      void Promise.resolve(script(seen)).then(async (answer) => {
        if (answer === 'reset') {
          req.socket.destroy();
          return;
        }
        if (answer === 'hang') return;
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
        const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.body ?? '');
        res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'application/json' });
        res.end(text);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/vtiger`;
  return {
    url,
    endpoint: `${url}/webservice.php`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
