import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `webservice.php` request as the proxy saw it. */
export interface ProxiedRequest {
  method: string;
  /** Lower-cased `operation` parameter (GET query string or POST form). */
  operation: string;
  /** The VTQL of a `query` request. */
  query: string | undefined;
}

/** An HTTP answer: the simulator's, or the garbage a {@link Tamper} put in its place. */
export interface ProxyAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** Decides what a request gets: `undefined` passes the simulator's answer through unchanged. */
export type Tamper = (request: ProxiedRequest, upstream: ProxyAnswer) => ProxyAnswer | undefined;

/** A tampering proxy in front of a Vtiger simulator. */
export interface VtigerProxy {
  /** Site URL to give the worker as `VTIGER_URL`. */
  readonly url: string;
  /** Answers tampered with so far. */
  readonly tampered: number;
  /** Replaces the tamper (`undefined`: pass everything through). */
  setTamper(tamper: Tamper | undefined): void;
  close(): Promise<void>;
}

/**
 * Starts a plain HTTP proxy that forwards every request to `target` (a simulator's URL) and lets the test replace
 * the answer: what Vtiger behind a broken proxy, a maintenance page or a buggy module would send, which the simulator
 * itself cannot produce. The simulator always sees the request, so sessions and counters behave as usual.
 */
export async function startVtigerProxy(target: string): Promise<VtigerProxy> {
  let tamper: Tamper | undefined;
  let tampered = 0;
  const server = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', target);
      const params = new URLSearchParams(url.search);
      if (req.method === 'POST') for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
      const upstreamResponse = await fetch(url, {
        method: req.method,
        headers: {
          ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
          ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
        },
        body: req.method === 'POST' ? body : undefined,
      });
      const upstream: ProxyAnswer = {
        status: upstreamResponse.status,
        contentType: upstreamResponse.headers.get('content-type') ?? 'text/plain',
        body: await upstreamResponse.text(),
      };
      const request: ProxiedRequest = {
        method: req.method ?? 'GET',
        operation: (params.get('operation') ?? '').toLowerCase(),
        query: params.get('query') ?? undefined,
      };
      const replaced = url.pathname.endsWith('/webservice.php') ? tamper?.(request, upstream) : undefined;
      if (replaced) tampered++;
      const answer = replaced ?? upstream;
      res.writeHead(answer.status, {
        'Content-Type': answer.contentType,
        'Content-Length': Buffer.byteLength(answer.body),
      });
      res.end(answer.body);
    })().catch(() => {
      // The simulator went away (closed at the end of a test): drop the request like a dead upstream would.
      res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get tampered() {
      return tampered;
    },
    setTamper(next) {
      tamper = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
