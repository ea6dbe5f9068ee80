import { md5AccessKey, type VtigerSim } from '@vtiger-temporal/vtiger-sim';

/** A raw answer of webservice.php. */
export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  /** Parsed body (undefined when the body is not JSON). */
  readonly json: { success: boolean; result?: unknown; error?: { message: string; code: string } } | undefined;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, text, headers: response.headers, json };
}

/** GET `webservice.php?<params>` with plain fetch. */
export async function wsGet(sim: VtigerSim, params: Record<string, string>, init: RequestInit = {}): Promise<Answer> {
  return answer(await fetch(`${sim.endpoint}?${new URLSearchParams(params).toString()}`, init));
}

/** POST an urlencoded form to `webservice.php` (optionally with query-string params too). */
export async function wsPost(
  sim: VtigerSim,
  form: Record<string, string>,
  query: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Answer> {
  const qs = Object.keys(query).length > 0 ? `?${new URLSearchParams(query).toString()}` : '';
  return answer(await fetch(`${sim.endpoint}${qs}`, { method: 'POST', body: new URLSearchParams(form), ...init }));
}

/** The `result` of a successful answer; fails the test otherwise. */
export function resultOf<T = unknown>(a: Answer): T {
  if (a.status !== 200 || !a.json?.success) throw new Error(`expected success, got ${a.status} ${a.text}`);
  return a.json.result as T;
}

/** `[code, message]` of a failed answer; fails the test otherwise. */
export function errorOf(a: Answer): [string, string] {
  if (a.status !== 200 || a.json?.success !== false || !a.json.error) {
    throw new Error(`expected a success:false envelope, got ${a.status} ${a.text}`);
  }
  return [a.json.error.code, a.json.error.message];
}

/** getchallenge + login; returns the sessionName. */
export async function login(
  sim: VtigerSim,
  username = sim.admin.username,
  accessKey = sim.admin.accessKey,
): Promise<string> {
  const challenge = resultOf<{ token: string }>(await wsGet(sim, { operation: 'getchallenge', username }));
  const result = resultOf<{ sessionName: string }>(
    await wsPost(sim, { operation: 'login', username, accessKey: md5AccessKey(challenge.token, accessKey) }),
  );
  return result.sessionName;
}

/** `query` as the given session; returns the rows. */
export async function query<T = Record<string, string>>(
  sim: VtigerSim,
  sessionName: string,
  vtql: string,
): Promise<T[]> {
  return resultOf<T[]>(await wsGet(sim, { operation: 'query', sessionName, query: vtql }));
}

/** A user of the simulator by name. */
export function userNamed(sim: VtigerSim, username: string): { username: string; accessKey: string; userId: string } {
  const user = sim.users.find((u) => u.username === username);
  if (!user) throw new Error(`no user ${username}`);
  return user;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
