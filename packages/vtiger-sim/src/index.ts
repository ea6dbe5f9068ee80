/**
 * @vtiger-temporal/vtiger-sim — a Vtiger 8.2 `webservice.php` simulator over real HTTP: the observed envelopes
 * and quirks, sessions that die like PHP's, VTQL, seeded data, a latency model, fault injection and counters.
 *
 * ```ts
 * import { startVtigerSim, md5AccessKey } from '@vtiger-temporal/vtiger-sim';
 *
 * const sim = await startVtigerSim({ port: 0, profile: 'stock', records: 50, seed: 1, latency: false });
 * const challenge = await (await fetch(`${sim.endpoint}?operation=getchallenge&username=admin`)).json();
 * const accessKey = md5AccessKey(challenge.result.token, sim.admin.accessKey);
 * // POST operation=login&username=admin&accessKey=… → sessionName; then query, retrieve, …
 * sim.killAllSessions();
 * await sim.close();
 * ```
 */

// Starting a simulator
export { startVtigerSim, createVtigerSimHandler } from './sim';
export type { VtigerSim, VtigerSimHandler, VtigerSimAdminUser } from './sim';
export type { VtigerSimOptions, VtigerSimProfile } from './options';
export type { SimUser, SimUserInput } from './store/users';
export type { SessionErrorMode } from './store/sessions';

// Control (in process and over HTTP under /__sim/)
export type { VtigerSimControl, SimFieldValue, SimSessionInfo } from './admin';
export type { VtigerSimCounters } from './engine';
export { DEFAULT_LATENCY_MODEL } from './latency';
export type { LatencyModel, LatencyOption } from './latency';
export { NO_FAULTS } from './faults';
export type { FaultOptions } from './faults';

// Protocol helpers
export { md5AccessKey, VTIGER_API_VERSION } from './operations/auth';
export { encodeVtigerJson } from './protocol/json-encoder';
export { WsErrorCode } from './protocol/errors';
export type { WsErrorCodeName } from './protocol/errors';
export { parseVtql, VtqlSyntaxError, VtqlLexError } from './vtql/parser';
export type { ParseVtqlOptions } from './vtql/parser';
export type { VtqlQuery, VtqlCondition, VtqlOperator, VtqlValue } from './vtql/ast';
export { ROW_CAP } from './vtql/evaluator';

// Seed data and metadata
export { SEEDED_MODULES, DEFAULT_RECORDS_PER_MODULE } from './store/seed';
export { LISTTYPES } from './metadata/modules';

// Errors
export { VtigerSimConfigError, VtigerSimAdminError } from './errors';
