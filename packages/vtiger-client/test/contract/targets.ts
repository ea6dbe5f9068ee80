/**
 * Where the contract suite runs: always against the simulator, and additionally against a real Vtiger when
 * VTIGER_URL, VTIGER_USERNAME and VTIGER_ACCESS_KEY are all set.
 */
import { VtigerClient, type VtigerClientOptions } from '@vtiger-temporal/vtiger-client';
import { startVtigerSim } from '@vtiger-temporal/vtiger-sim';

export type Sim = Awaited<ReturnType<typeof startVtigerSim>>;
export type SimOptions = NonNullable<Parameters<typeof startVtigerSim>[0]>;

export interface ContractTarget {
  /** Shown in test names. */
  readonly name: string;
  readonly kind: 'sim' | 'real';
  /** `stock`: Vtiger 8 on PHP 8 (sync/logout/convertlead answer HTTP 500); `unknown` for a real server. */
  readonly profile: 'stock' | 'compat' | 'unknown';
  url: string;
  username: string;
  accessKey: string;
  /** The simulator handle, for sim targets. */
  sim: Sim | undefined;
  setup(): Promise<void>;
  teardown(): Promise<void>;
}

export function simTarget(profile: 'stock' | 'compat', options: Partial<SimOptions> = {}): ContractTarget {
  const target: ContractTarget = {
    name: `simulator (${profile})`,
    kind: 'sim',
    profile,
    url: '',
    username: '',
    accessKey: '',
    sim: undefined,
    async setup() {
      const sim = await startVtigerSim({ port: 0, profile, records: 250, seed: 1, latency: false, ...options });
      target.sim = sim;
      target.url = sim.url;
      target.username = sim.admin.username;
      target.accessKey = sim.admin.accessKey;
    },
    async teardown() {
      await target.sim?.close();
    },
  };
  return target;
}

/** The real Vtiger from the environment, or undefined when it is not configured. */
export function realTarget(): ContractTarget | undefined {
  const { VTIGER_URL, VTIGER_USERNAME, VTIGER_ACCESS_KEY } = process.env;
  if (!VTIGER_URL || !VTIGER_USERNAME || !VTIGER_ACCESS_KEY) return undefined;
  return {
    name: `real Vtiger (${VTIGER_URL})`,
    kind: 'real',
    profile: 'unknown',
    url: VTIGER_URL,
    username: VTIGER_USERNAME,
    accessKey: VTIGER_ACCESS_KEY,
    sim: undefined,
    async setup() {},
    async teardown() {},
  };
}

export const REAL_TARGET_NOTICE =
  'vtiger-client contract suite: real-Vtiger target not configured (set VTIGER_URL, VTIGER_USERNAME and VTIGER_ACCESS_KEY to also run it against a real Vtiger); running against the simulator only';

/** The stock simulator plus the real Vtiger when configured. */
export function contractTargets(): ContractTarget[] {
  const real = realTarget();
  return real ? [simTarget('stock'), real] : [simTarget('stock')];
}

/** A client for the target's user (after `setup()`); `extra` adds options or overrides url, username or key. */
export function clientFor(target: ContractTarget, extra: Partial<VtigerClientOptions> = {}): VtigerClient {
  return new VtigerClient({ url: target.url, username: target.username, accessKey: target.accessKey, ...extra });
}

/** A unique marker for records a test creates, so a real instance can be cleaned up. */
export function marker(): string {
  return `ctest${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Narrows to the simulator handle, failing loudly when a sim-only helper is used on a real target. */
export function simOf(target: ContractTarget): Sim {
  if (!target.sim) throw new Error(`${target.name} has no simulator handle`);
  return target.sim;
}
