import { type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { type VtigerSimControl, handleAdminHttp } from './admin';
import { type SimEngine } from './engine';
import { type WebserviceResponse, handleWebservice } from './webservice';

/** PHP's default `post_max_size` (8M): a larger body leaves `$_POST` empty. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Headers PHP's session module sends when `session_start()` runs (`session.cache_limiter=nocache`, §1). */
const SESSION_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Expires', 'Thu, 19 Nov 1981 08:52:00 GMT'],
  ['Cache-Control', 'no-store, no-cache, must-revalidate'],
  ['Pragma', 'no-cache'],
];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  headers: ReadonlyArray<readonly [string, string]>,
  body: string,
): void {
  if (res.destroyed || res.headersSent) return;
  const buffer = Buffer.from(body, 'utf8');
  const all: Array<[string, string | number]> = [...headers.map(([k, v]): [string, string] => [k, v])];
  all.push(['Content-Length', buffer.length]);
  res.writeHead(status, Object.fromEntries(all));
  res.end(buffer);
}

function writeWebservice(req: IncomingMessage, res: ServerResponse, response: WebserviceResponse): void {
  switch (response.kind) {
    case 'reset':
      req.socket.destroy();
      return;
    case 'json':
      // `Content-type` spelled as PHP's header() call spells it, no charset.
      send(
        res,
        200,
        [...(response.sessionStarted ? SESSION_HEADERS : []), ['Content-type', 'application/json']],
        response.body,
      );
      return;
    case 'http500':
      send(
        res,
        500,
        [...(response.sessionStarted ? SESSION_HEADERS : []), ['Content-type', 'text/html; charset=UTF-8']],
        '',
      );
      return;
    case 'restricted':
      send(
        res,
        200,
        [...SESSION_HEADERS, ['Content-type', 'text/html; charset=UTF-8']],
        'Sorry! Attempt to access restricted file.',
      );
      return;
  }
}

/**
 * The request listener: `…/webservice.php` (any path prefix) is Vtiger, `/__sim/…` the admin API, anything
 * else 404.
 */
export function createRequestListener(
  engine: SimEngine,
  control: VtigerSimControl,
  info: () => unknown,
): RequestListener {
  return (req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://sim.invalid');
        const body = await readBody(req);
        if (url.pathname.endsWith('/webservice.php')) {
          const response = await handleWebservice(engine, {
            method: (req.method ?? 'GET').toUpperCase(),
            search: url.search,
            contentType: req.headers['content-type'],
            cookie: req.headers.cookie,
            body,
          });
          writeWebservice(req, res, response);
          return;
        }
        if (url.pathname.startsWith('/__sim/')) {
          const answer = handleAdminHttp(
            control,
            info,
            (req.method ?? 'GET').toUpperCase(),
            url.pathname,
            body.toString('utf8'),
          );
          send(res, answer.status, [['Content-Type', 'application/json; charset=utf-8']], JSON.stringify(answer.body));
          return;
        }
        send(res, 404, [['Content-Type', 'text/plain; charset=utf-8']], 'Not Found');
      } catch (error) {
        process.emitWarning(`vtiger-sim: request failed: ${(error as Error).stack ?? String(error)}`);
        send(res, 500, [['Content-Type', 'text/plain; charset=utf-8']], '');
      }
    })();
  };
}
