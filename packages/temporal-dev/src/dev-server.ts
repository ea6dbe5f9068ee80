import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { DevServerStartError } from './errors';
import { freePorts } from './internal/free-port';
import { TailBuffer } from './internal/tail-buffer';

/** Search attribute value types accepted by `temporal server start-dev --search-attribute`. */
export type SearchAttributeTypeName = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';

/** Options for {@link startDevServer}. */
export interface DevServerOptions {
  /** Path of the `temporal` binary (see `resolveTemporalCli`). */
  cliPath: string;
  /** Address to bind. Only loopback makes sense for a dev server. @default '127.0.0.1' */
  ip?: string;
  /** gRPC frontend port. @default a free port */
  port?: number;
  /** Serve the Web UI. @default false */
  ui?: boolean;
  /** Web UI port (only with `ui`). @default a free port */
  uiPort?: number;
  /** Persist to this SQLite file (survives restarts). @default in-memory */
  dbFilename?: string;
  /** Namespace to create. @default 'default' */
  namespace?: string;
  /** Custom search attributes to register, name → type. @default none */
  searchAttributes?: Record<string, SearchAttributeTypeName>;
  /**
   * Extra dynamic config, key → JSON value. `frontend.enableServerVersionCheck=false` is always set (no phoning
   * home). @default none
   */
  dynamicConfig?: Record<string, unknown>;
  /** Codec server URL the Web UI uses to decode payloads. @default none */
  uiCodecEndpoint?: string;
  /** Server log level. @default 'error' */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** How long to wait until the frontend answers, in ms. The SDK's own 5 s is too short on 2 cores. @default 90000 */
  readyTimeoutMs?: number;
  /** Every line the server prints. @default dropped (the last lines are kept for errors) */
  onLog?: (line: string) => void;
}

/** A running dev server. */
export interface DevServer {
  /** `host:port` of the gRPC frontend, for `Connection.connect({ address })` and `temporal --address`. */
  readonly address: string;
  readonly namespace: string;
  readonly port: number;
  /** The Web UI's URL, when `ui` was on. */
  readonly uiUrl: string | undefined;
  /** Pid of the server process. */
  readonly pid: number;
  /** Resolves when the process has exited (also after `stop()`). */
  readonly exited: Promise<number | null>;
  /** Stops the server: SIGTERM, then SIGKILL after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A crashed or interrupted parent must not leave servers behind.
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Builds the `temporal server start-dev` argument list for the given options and ports. Exposed for tests and for
 * people who want to run the same server by hand.
 */
export function devServerArgs(
  options: DevServerOptions & { port: number; uiPort?: number; httpPort: number; metricsPort: number },
): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    options.ip ?? '127.0.0.1',
    '--port',
    String(options.port),
    '--http-port',
    String(options.httpPort),
    '--metrics-port',
    String(options.metricsPort),
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    options.logLevel ?? 'error',
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
  ];
  if (options.ui && options.uiPort !== undefined) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  for (const [name, type] of Object.entries(options.searchAttributes ?? {})) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  return args;
}

/**
 * Starts `temporal server start-dev` on loopback with free ports and waits until the frontend really answers
 * (the namespace is described successfully).
 *
 * @throws {DevServerStartError} when the process exits early or does not answer within `readyTimeoutMs`; the
 *   process is killed first and the error carries the tail of its log.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const [port, uiPort, httpPort, metricsPort] = await freePorts(4, ip);
  const chosen = {
    port: options.port ?? port!,
    uiPort: options.ui ? (options.uiPort ?? uiPort!) : undefined,
    httpPort: httpPort!,
    metricsPort: metricsPort!,
  };
  const args = devServerArgs({ ...options, ...chosen });
  const log = new TailBuffer(80);
  // Its own process group: a Ctrl-C in the terminal reaches the owner only, which then stops the server in order
  // (after its workers and workflows have wound down). The exit hook below still kills it if the owner exits.
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  installExitHook();
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.on('error', (error) => {
      running.delete(child);
      log.push(`spawn failed: ${error.message}\n`);
      resolve(-1);
    });
  });
  child.stdout?.on('data', (chunk: Buffer) => log.push(chunk, options.onLog));
  child.stderr?.on('data', (chunk: Buffer) => log.push(chunk, options.onLog));

  const address = `${ip}:${chosen.port}`;
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = options.readyTimeoutMs ?? 90_000;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  let dead = false;
  void exited.then(() => (dead = true));
  while (!dead) {
    if (Date.now() > deadline) {
      await stop(2_000);
      throw new DevServerStartError(
        `temporal server start-dev did not answer on ${address} within ${timeoutMs} ms (last error: ${lastError}).\n` +
          `Command: ${options.cliPath} ${args.join(' ')}\nLog tail:\n${log.toString()}`,
        log.toString(),
      );
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return {
          address,
          namespace,
          port: chosen.port,
          uiUrl: chosen.uiPort === undefined ? undefined : `http://${ip}:${chosen.uiPort}`,
          pid: child.pid ?? -1,
          exited,
          stop,
        };
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const code = await exited;
  throw new DevServerStartError(
    `temporal server start-dev exited with code ${code} before it answered on ${address}.\n` +
      `Command: ${options.cliPath} ${args.join(' ')}\nLog tail:\n${log.toString()}`,
    log.toString(),
  );
}
