import { type RequestListener, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type VtigerSimControl, createControl } from './admin';
import { SimEngine } from './engine';
import { wakeAll } from './internal/time';
import { type VtigerSimOptions, type VtigerSimProfile, validateOptions } from './options';
import { createRequestListener } from './server';
import { type SimUser } from './store/users';

/** The admin user's credentials, what a client needs to log in. */
export interface VtigerSimAdminUser {
  readonly username: string;
  readonly accessKey: string;
  /** `19x1`. */
  readonly userId: string;
}

/** A simulator that is not bound to a port: mount {@link VtigerSimHandler.listener} in any `node:http` server. */
export interface VtigerSimHandler extends VtigerSimControl {
  readonly listener: RequestListener;
  readonly admin: VtigerSimAdminUser;
  /** Every user, the non-admin and the inactive one included. */
  readonly users: readonly SimUser[];
  /** The current profile. */
  readonly profile: VtigerSimProfile;
}

/** A running simulator. */
export interface VtigerSim extends VtigerSimHandler {
  /** Site URL, e.g. `http://127.0.0.1:34567`; the endpoint is `${url}/webservice.php`. */
  readonly url: string;
  /** `${url}/webservice.php`. */
  readonly endpoint: string;
  readonly port: number;
  /** Closes the server and every socket (keep-alive ones too) and cuts pending latency sleeps short. */
  close(): Promise<void>;
}

interface Built {
  readonly handler: VtigerSimHandler;
  readonly engine: SimEngine;
  setSiteUrl(url: string): void;
}

function build(options: VtigerSimOptions): Built {
  validateOptions(options);
  const engine = new SimEngine(options);
  const admin: VtigerSimAdminUser = Object.freeze({
    username: engine.users.admin.username,
    accessKey: engine.users.admin.accessKey,
    userId: engine.users.admin.userId,
  });
  const users: readonly SimUser[] = Object.freeze(
    engine.users.rows.map((u) =>
      Object.freeze({
        username: u.username,
        accessKey: u.accessKey,
        userId: u.userId,
        isAdmin: u.isAdmin,
        active: u.active,
      }),
    ),
  );
  let siteUrl = '';
  const control = createControl(engine);
  const info = (): unknown => ({ url: siteUrl, profile: engine.profile, admin, users });
  const handler = Object.assign(control, { listener: createRequestListener(engine, control, info), admin, users });
  Object.defineProperty(handler, 'profile', { get: () => engine.profile, enumerable: true });
  return {
    handler: handler as VtigerSimHandler,
    engine,
    setSiteUrl: (url) => {
      siteUrl = url;
    },
  };
}

/**
 * Builds a simulator without listening; mount `listener` in your own `node:http` server.
 *
 * @throws {VtigerSimConfigError} for invalid options
 */
export function createVtigerSimHandler(options: VtigerSimOptions = {}): VtigerSimHandler {
  return build(options).handler;
}

/**
 * Starts a Vtiger 8.2 webservice simulator on a real HTTP port.
 *
 * @example
 * const sim = await startVtigerSim({ port: 0, profile: 'stock', records: 50, seed: 1 });
 * // POST `${sim.url}/webservice.php` … ; sim.admin.accessKey is the admin's key
 * await sim.close();
 *
 * @throws {VtigerSimConfigError} for invalid options
 * @throws the listen error (e.g. EADDRINUSE)
 */
export async function startVtigerSim(options: VtigerSimOptions = {}): Promise<VtigerSim> {
  const { handler, engine, setSiteUrl } = build(options);
  const server = createServer(handler.listener);
  // Clients keep connections in a pool (undici); stay open longer than their idle timeouts.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  setSiteUrl(url);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      wakeAll(engine.sleeps);
    });
    return closing;
  };
  return Object.assign(handler, { url, endpoint: `${url}/webservice.php`, port, close });
}
