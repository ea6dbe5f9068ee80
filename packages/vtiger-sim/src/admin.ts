import { type SimEngine, type VtigerSimCounters, zeroCounters } from './engine';
import { VtigerSimAdminError } from './errors';
import { type FaultOptions, resolveFaults } from './faults';
import { type LatencyOption, resolveLatency } from './latency';
import { MODULES, USERS_PREFIX, isRecordModule } from './metadata/modules';
import { type VtigerSimProfile } from './options';
import { mysqlInt, type SimRecord } from './store/records';
import { type UserRow } from './store/users';
import { createRecord, deleteRecord, phpString, updateRecord } from './store/writes';

/** A field value accepted by the admin record methods. */
export type SimFieldValue = string | number | boolean;

/** A live session as the admin API lists it. */
export interface SimSessionInfo {
  readonly sessionName: string;
  readonly userId: string;
  /** Milliseconds since the session's last request. */
  readonly idleMs: number;
}

/**
 * Control of a running simulator, in process (methods of the object {@link startVtigerSim} returns) and over
 * HTTP under `/__sim/` (see {@link handleAdminHttp}). Record writes behave like webservice writes: they bump
 * `modifiedtime` (server clock) and `modifiedby`, and deleting sets the deleted flag.
 */
export interface VtigerSimControl {
  /** Destroys one session; true if it existed. */
  killSession(sessionName: string): boolean;
  /** Destroys every session of a user (`admin`, `jdoe`, `19x5`); returns how many. */
  killUserSessions(user: string): number;
  /** Destroys every session; returns how many held a user. */
  killAllSessions(): number;
  /** Live sessions that hold a user. */
  liveSessionCount(): number;
  /** Live sessions that hold a user. */
  sessions(): SimSessionInfo[];
  /**
   * Creates a record as `asUser` (default: the admin); `assigned_user_id` defaults to that user.
   * @throws {VtigerSimAdminError} for an unknown module/user or a missing mandatory field
   */
  createRecord(
    module: string,
    fields: Readonly<Record<string, SimFieldValue>>,
    asUser?: string,
  ): Record<string, string>;
  /**
   * Changes fields of a live record (webservice id), as `asUser` (default: the admin).
   * @throws {VtigerSimAdminError} for an unknown or deleted record
   */
  updateRecord(id: string, fields: Readonly<Record<string, SimFieldValue>>, asUser?: string): Record<string, string>;
  /**
   * Deletes a live record (sets the deleted flag and bumps modifiedtime).
   * @throws {VtigerSimAdminError} for an unknown or already deleted record
   */
  deleteRecord(id: string, asUser?: string): void;
  /** Every live record of a module, as `SELECT *` returns them (strings, `id` included), ascending by id. */
  records(module: string): Array<Record<string, string>>;
  /** A snapshot of the request counters. */
  counters(): VtigerSimCounters;
  /** Zeroes the counters. */
  resetCounters(): void;
  /** Changes fault rates (merged onto the current ones). */
  setFaults(faults: Partial<FaultOptions>): void;
  /** Switches the latency model (false, true or overrides of the defaults). */
  setLatency(latency: LatencyOption): void;
  /** Switches the profile at runtime. */
  setProfile(profile: VtigerSimProfile): void;
  /** Changes the sliding idle timeout (applies to existing sessions too). */
  setIdleTimeoutSeconds(seconds: number): void;
}

/** Builds the control object of an engine. */
export function createControl(engine: SimEngine): VtigerSimControl {
  const userOf = (ref: string | undefined): UserRow => {
    const user = ref === undefined ? engine.users.admin : engine.users.resolve(ref);
    if (!user) throw new VtigerSimAdminError(`unknown user "${String(ref)}" (use a username or a 19x.. id)`);
    return user;
  };
  const liveRecordOf = (id: string): SimRecord => {
    const record = engine.store.get(mysqlInt(id.split('x')[1]));
    if (!record || record.deleted || !/^\d+x\d+$/.test(id) || record.meta.idPrefix !== mysqlInt(id)) {
      throw new VtigerSimAdminError(`no live record with id "${id}"`);
    }
    return record;
  };
  const snapshot = (): VtigerSimCounters => JSON.parse(JSON.stringify(engine.counters)) as VtigerSimCounters;

  return {
    killSession: (sessionName) => engine.sessions.destroy(sessionName),
    killUserSessions: (user) => engine.sessions.destroyUser(userOf(user).id),
    killAllSessions: () => engine.sessions.destroyAll(),
    liveSessionCount: () => engine.sessions.liveCount(),
    sessions: () =>
      engine.sessions.list().map((s) => ({
        sessionName: s.sessionName,
        userId: engine.users.byNumericId(s.userId)?.userId ?? `${USERS_PREFIX}x${s.userId}`,
        idleMs: s.idleMs,
      })),
    createRecord(module, fields, asUser) {
      const meta = MODULES.get(module);
      if (!meta || !isRecordModule(meta))
        throw new VtigerSimAdminError(`"${module}" is not an entity module with records`);
      const actor = userOf(asUser);
      const element: Record<string, unknown> = { assigned_user_id: actor.userId, ...fields };
      for (const name of meta.mandatory) {
        const v = phpString(element[name]);
        if (v === undefined || v === '') throw new VtigerSimAdminError(`${name} does not have a value`);
      }
      const record = createRecord(engine.store, meta, element, actor, engine.clock());
      return engine.store.rowWithLabel(record);
    },
    updateRecord(id, fields, asUser) {
      const record = liveRecordOf(id);
      updateRecord(engine.store, record, fields, userOf(asUser), engine.clock());
      return engine.store.rowWithLabel(record);
    },
    deleteRecord(id, asUser) {
      deleteRecord(engine.store, liveRecordOf(id), userOf(asUser), engine.clock());
    },
    records(module) {
      const table = engine.store.table(module);
      if (!table) throw new VtigerSimAdminError(`"${module}" is not an entity module with records`);
      const out: Array<Record<string, string>> = [];
      for (const record of table.rows) if (!record.deleted) out.push(engine.store.row(record));
      return out;
    },
    counters: snapshot,
    resetCounters() {
      engine.counters = zeroCounters();
    },
    setFaults(faults) {
      engine.faults = resolveFaults(faults, engine.faults);
    },
    setLatency(latency) {
      engine.latency = resolveLatency(latency);
    },
    setProfile(profile) {
      if (profile !== 'stock' && profile !== 'compat')
        throw new VtigerSimAdminError(`profile must be 'stock' or 'compat'`);
      engine.profile = profile;
    },
    setIdleTimeoutSeconds(seconds) {
      if (!(typeof seconds === 'number' && seconds > 0))
        throw new VtigerSimAdminError('idle timeout must be > 0 seconds');
      engine.sessions.idleTimeoutMs = seconds * 1000;
    },
  };
}

/** An admin HTTP answer. */
export interface AdminHttpResponse {
  readonly status: number;
  readonly body: unknown;
}

function str(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string') throw new VtigerSimAdminError(`"${key}" must be a string`);
  return v;
}

function optStr(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new VtigerSimAdminError(`"${key}" must be a string`);
  return v;
}

function fieldsOf(body: Record<string, unknown>): Record<string, SimFieldValue> {
  const v = body.fields;
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new VtigerSimAdminError('"fields" must be an object');
  return v as Record<string, SimFieldValue>;
}

/**
 * The admin API over HTTP, JSON in and out, for other processes:
 *
 * | method + path | body | answer |
 * | --- | --- | --- |
 * | GET `/__sim/info` | | `{ url, profile, admin, users }` (from `info`) |
 * | GET `/__sim/sessions` | | `{ live, sessions: [...] }` |
 * | POST `/__sim/sessions/kill` | `{ sessionName }` | `{ killed: boolean }` |
 * | POST `/__sim/sessions/kill-user` | `{ user }` | `{ killed: n }` |
 * | POST `/__sim/sessions/kill-all` | | `{ killed: n }` |
 * | GET `/__sim/records/<Module>` | | `[records]` |
 * | POST `/__sim/records/create` | `{ module, fields, asUser? }` | record |
 * | POST `/__sim/records/update` | `{ id, fields, asUser? }` | record |
 * | POST `/__sim/records/delete` | `{ id, asUser? }` | `{ deleted: true }` |
 * | GET `/__sim/counters` | | counters |
 * | POST `/__sim/counters/reset` | | `{ ok: true }` |
 * | POST `/__sim/faults` | partial faults | `{ ok: true }` |
 * | POST `/__sim/latency` | `{ latency }` | `{ ok: true }` |
 * | POST `/__sim/profile` | `{ profile }` | `{ ok: true }` |
 *
 * Errors: 400 `{ error }` for a bad request, 404 for an unknown route.
 */
export function handleAdminHttp(
  control: VtigerSimControl,
  info: () => unknown,
  method: string,
  path: string,
  rawBody: string,
): AdminHttpResponse {
  let body: Record<string, unknown> = {};
  if (rawBody.trim() !== '') {
    try {
      const parsed = JSON.parse(rawBody) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
      else return { status: 400, body: { error: 'body must be a JSON object' } };
    } catch {
      return { status: 400, body: { error: 'body is not valid JSON' } };
    }
  }
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  try {
    if (route === 'GET /__sim/info') return ok(info());
    if (route === 'GET /__sim/sessions') return ok({ live: control.liveSessionCount(), sessions: control.sessions() });
    if (route === 'POST /__sim/sessions/kill') return ok({ killed: control.killSession(str(body, 'sessionName')) });
    if (route === 'POST /__sim/sessions/kill-user') return ok({ killed: control.killUserSessions(str(body, 'user')) });
    if (route === 'POST /__sim/sessions/kill-all') return ok({ killed: control.killAllSessions() });
    if (method === 'GET' && path.startsWith('/__sim/records/')) {
      return ok(control.records(decodeURIComponent(path.slice('/__sim/records/'.length))));
    }
    if (route === 'POST /__sim/records/create') {
      return ok(control.createRecord(str(body, 'module'), fieldsOf(body), optStr(body, 'asUser')));
    }
    if (route === 'POST /__sim/records/update') {
      return ok(control.updateRecord(str(body, 'id'), fieldsOf(body), optStr(body, 'asUser')));
    }
    if (route === 'POST /__sim/records/delete') {
      control.deleteRecord(str(body, 'id'), optStr(body, 'asUser'));
      return ok({ deleted: true });
    }
    if (route === 'GET /__sim/counters') return ok(control.counters());
    if (route === 'POST /__sim/counters/reset') {
      control.resetCounters();
      return ok({ ok: true });
    }
    if (route === 'POST /__sim/faults') {
      control.setFaults(body as Partial<FaultOptions>);
      return ok({ ok: true });
    }
    if (route === 'POST /__sim/latency') {
      control.setLatency(body.latency as LatencyOption);
      return ok({ ok: true });
    }
    if (route === 'POST /__sim/profile') {
      control.setProfile(str(body, 'profile') as VtigerSimProfile);
      return ok({ ok: true });
    }
    return { status: 404, body: { error: `no admin route ${route}` } };
  } catch (error) {
    if (error instanceof VtigerSimAdminError || error instanceof TypeError) {
      return { status: 400, body: { error: error.message } };
    }
    throw error;
  }
}

function ok(body: unknown): AdminHttpResponse {
  return { status: 200, body };
}
