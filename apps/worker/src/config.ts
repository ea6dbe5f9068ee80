import fs from 'node:fs';
import type { ConnectionProfile } from '@vtiger-temporal/activities';
import { DEFAULT_TASK_QUEUE } from '@vtiger-temporal/common';
import { parseSinkUrl, redactConnectionString, type SinkConfig } from '@vtiger-temporal/sinks';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

/** Everything the worker needs, read from the environment once. */
export interface WorkerConfig {
  readonly connections: Readonly<Record<string, ConnectionProfile>>;
  readonly temporal: { readonly connection: NativeConnectionOptions; readonly namespace: string };
  readonly taskQueue: string;
  /** 32-byte AES-256-GCM key for the payload codec, when set. */
  readonly codecKey: string | undefined;
  /** Port for the codec server the Web UI calls; only with a codec key. */
  readonly codecPort: number | undefined;
  /** Origins the codec server allows (the Web UI's URL). */
  readonly codecCorsOrigins: readonly string[];
  /** Sink profiles by name, parsed from `VTIGER_SINK_URL` (`default`) and `VTIGER_SINKS_FILE`. */
  readonly sinks: Readonly<Record<string, SinkConfig>>;
  /** Max activities in flight. */
  readonly maxConcurrentActivities: number;
}

/** Thrown when the worker's configuration is missing or malformed. The message lists every problem. */
export class WorkerConfigError extends Error {
  override readonly name = 'WorkerConfigError';
  constructor(readonly problems: string[]) {
    super(`The worker's configuration is not usable:\n  - ${problems.join('\n  - ')}`);
  }
}

const HELP =
  'Set VTIGER_URL, VTIGER_USERNAME and VTIGER_ACCESS_KEY (the "default" connection), or VTIGER_CONNECTIONS_FILE.';

function validProfile(name: string, value: unknown, problems: string[]): ConnectionProfile | undefined {
  if (typeof value !== 'object' || value === null) {
    problems.push(`connection "${name}" must be an object with url, username and accessKey`);
    return undefined;
  }
  const p = value as Record<string, unknown>;
  const before = problems.length;
  for (const field of ['url', 'username', 'accessKey'] as const) {
    if (typeof p[field] !== 'string' || (p[field] as string).trim() === '') {
      problems.push(`connection "${name}": \`${field}\` is missing or empty`);
    }
  }
  if (typeof p.url === 'string' && p.url !== '') {
    try {
      const url = new URL(p.url);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      if (url.username || url.password) {
        problems.push(
          `connection "${name}": url ${JSON.stringify(redactConnectionString(p.url))} must not contain credentials; use username and accessKey`,
        );
      }
    } catch {
      problems.push(`connection "${name}": url ${JSON.stringify(redactConnectionString(p.url))} is not an http(s) URL`);
    }
  }
  if (p.timeoutMs !== undefined && (typeof p.timeoutMs !== 'number' || p.timeoutMs <= 0)) {
    problems.push(`connection "${name}": timeoutMs must be a positive number of milliseconds`);
  }
  if (problems.length > before) return undefined;
  return Object.freeze({
    url: p.url as string,
    username: p.username as string,
    accessKey: p.accessKey as string,
    ...(typeof p.timeoutMs === 'number' ? { timeoutMs: p.timeoutMs } : {}),
  });
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    problems.push(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
    return fallback;
  }
  return value;
}

/**
 * Reads the worker configuration from `env` (once, at start). Connections: `VTIGER_URL`, `VTIGER_USERNAME`,
 * `VTIGER_ACCESS_KEY` make the `default` profile; `VTIGER_CONNECTIONS_FILE` names a JSON file
 * `{ "<name>": { "url", "username", "accessKey", "timeoutMs"? } }` for several. Temporal: `TEMPORAL_ADDRESS`,
 * `TEMPORAL_NAMESPACE`, TLS and API key through `@temporalio/envconfig` (env or `temporal.toml` profile).
 *
 * @throws WorkerConfigError listing every problem (secrets are never echoed)
 */
export function loadWorkerConfig(env: NodeJS.ProcessEnv): WorkerConfig {
  const problems: string[] = [];
  const connections: Record<string, ConnectionProfile> = {};

  if (env.VTIGER_CONNECTIONS_FILE) {
    try {
      const parsed = JSON.parse(fs.readFileSync(env.VTIGER_CONNECTIONS_FILE, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(`VTIGER_CONNECTIONS_FILE ${env.VTIGER_CONNECTIONS_FILE} must hold a JSON object of profiles`);
      } else {
        for (const [name, value] of Object.entries(parsed)) {
          const profile = validProfile(name, value, problems);
          if (profile) connections[name] = profile;
        }
      }
    } catch (error) {
      problems.push(
        `VTIGER_CONNECTIONS_FILE ${env.VTIGER_CONNECTIONS_FILE} cannot be read as JSON: ${
          (error as NodeJS.ErrnoException).code ?? (error as Error).name
        }`,
      );
    }
  }
  const envVars = ['VTIGER_URL', 'VTIGER_USERNAME', 'VTIGER_ACCESS_KEY'] as const;
  const present = envVars.filter((name) => env[name]);
  if (present.length > 0 && present.length < envVars.length) {
    problems.push(`${envVars.filter((n) => !env[n]).join(' and ')} missing (${present.join(', ')} set)`);
  } else if (present.length === envVars.length) {
    const profile = validProfile(
      'default',
      { url: env.VTIGER_URL, username: env.VTIGER_USERNAME, accessKey: env.VTIGER_ACCESS_KEY },
      problems,
    );
    if (profile) connections.default = profile;
  }
  if (Object.keys(connections).length === 0 && problems.length === 0) problems.push(`no Vtiger connection. ${HELP}`);

  let codecKey: string | undefined;
  if (env.VTIGER_TEMPORAL_CODEC_KEY) {
    const k = env.VTIGER_TEMPORAL_CODEC_KEY.trim();
    const ok = /^[0-9a-fA-F]{64}$/.test(k) || Buffer.from(k, 'base64').length === 32;
    if (!ok) problems.push('VTIGER_TEMPORAL_CODEC_KEY must be 32 bytes as 64 hex characters or base64');
    else codecKey = k;
  }

  let temporal: WorkerConfig['temporal'] | undefined;
  try {
    const loaded = loadClientConnectConfig({ overrideEnvVars: env as Record<string, string> });
    temporal = {
      connection: { ...loaded.connectionOptions, address: loaded.connectionOptions.address ?? 'localhost:7233' },
      namespace: loaded.namespace ?? 'default',
    };
  } catch (error) {
    problems.push(`Temporal client configuration: ${(error as Error).message}`);
  }

  const sinks: Record<string, SinkConfig> = {};
  const addSink = (name: string, url: unknown, from: string): void => {
    if (typeof url !== 'string') {
      problems.push(`${from}: sink "${name}" must be a URL string like sqlite:./vtiger-sync.db`);
      return;
    }
    try {
      sinks[name] = parseSinkUrl(url);
    } catch (error) {
      problems.push(`${from}: ${redactConnectionString((error as Error).message)}`);
    }
  };
  addSink('default', env.VTIGER_SINK_URL || 'sqlite:./vtiger-sync.db', 'VTIGER_SINK_URL');
  if (env.VTIGER_SINKS_FILE) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(env.VTIGER_SINKS_FILE, 'utf8'));
    } catch (error) {
      problems.push(
        `VTIGER_SINKS_FILE ${env.VTIGER_SINKS_FILE} cannot be read as JSON: ${(error as NodeJS.ErrnoException).code ?? (error as Error).name}`,
      );
    }
    if (parsed !== undefined) {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        problems.push(
          `VTIGER_SINKS_FILE ${env.VTIGER_SINKS_FILE} must hold a JSON object of sink URLs by profile name`,
        );
      } else {
        for (const [name, url] of Object.entries(parsed)) addSink(name, url, 'VTIGER_SINKS_FILE');
      }
    }
  }

  const config: WorkerConfig = {
    connections: Object.freeze(connections),
    temporal: temporal ?? { connection: {}, namespace: 'default' },
    taskQueue: env.VTIGER_TEMPORAL_TASK_QUEUE || DEFAULT_TASK_QUEUE,
    codecKey,
    codecPort: env.VTIGER_TEMPORAL_CODEC_PORT ? int(env, 'VTIGER_TEMPORAL_CODEC_PORT', 0, problems) : undefined,
    codecCorsOrigins: (env.VTIGER_TEMPORAL_CODEC_CORS_ORIGINS ?? '*').split(',').map((s) => s.trim()),
    sinks: Object.freeze(sinks),
    maxConcurrentActivities: int(env, 'VTIGER_TEMPORAL_MAX_ACTIVITIES', 20, problems),
  };
  if (problems.length > 0) throw new WorkerConfigError(problems);
  return Object.freeze(config);
}
