import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TemporalCliBuildError, TemporalCliNotFoundError } from './errors';
import { TailBuffer } from './internal/tail-buffer';

/** The newest Temporal CLI release without `replace` directives in its go.mod, so `go install` can build it. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
/** The Go module that provides the `temporal` command. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** Where a resolved CLI came from. */
export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'built';

/** A usable `temporal` binary. */
export interface ResolvedTemporalCli {
  /** Absolute path of the binary. */
  path: string;
  /** How it was found. */
  source: TemporalCliSource;
}

/** Options for {@link resolveTemporalCli}. */
export interface ResolveTemporalCliOptions {
  /**
   * The environment to read `TEMPORAL_CLI_PATH`, `PATH` and `VTIGER_TEMPORAL_TOOLS_DIR` from. Libraries never read
   * `process.env` themselves: pass it explicitly.
   * @default {}
   */
  env?: Record<string, string | undefined>;
  /**
   * The git-ignored folder that holds the cached build (`<toolsDir>/bin/temporal`).
   * @default env.VTIGER_TEMPORAL_TOOLS_DIR, else `.tools` at the root of the enclosing npm workspace,
   *   else `~/.cache/vtiger-temporal`
   */
  toolsDir?: string;
  /**
   * Build with `go install` when nothing else is found.
   * @default true
   */
  build?: boolean;
  /** Progress lines while building (minutes on 2 cores). @default no output */
  onProgress?: (line: string) => void;
}

const BINARY = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

function isExecutableFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The default tools folder: `.tools` beside the root `package.json` of the npm workspace that contains this
 * package (so every checkout caches its own build), else a per-user cache folder.
 */
export function defaultToolsDir(env: Record<string, string | undefined> = {}): string {
  if (env.VTIGER_TEMPORAL_TOOLS_DIR) return path.resolve(env.VTIGER_TEMPORAL_TOOLS_DIR);
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
        if (parsed.workspaces) return path.join(dir, '.tools');
      } catch {
        // an unreadable manifest is not a workspace root; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return path.join(os.homedir(), '.cache', 'vtiger-temporal');
    dir = parent;
  }
}

/** The path where the cached build lives for a tools folder. */
export function cachedCliPath(toolsDir: string): string {
  return path.join(toolsDir, 'bin', BINARY);
}

/**
 * Finds a `temporal` CLI, in this order: `TEMPORAL_CLI_PATH`; `temporal` on `PATH`; the cached build in the tools
 * folder; otherwise builds it offline-capably with
 * `CGO_ENABLED=0 GOBIN=<tools>/bin go install github.com/temporalio/cli/cmd/temporal@v1.5.1`, showing progress.
 *
 * @throws {TemporalCliNotFoundError} when `TEMPORAL_CLI_PATH` names a missing or non-executable file, or when
 *   nothing is found and Go is not available (the message says what to install).
 * @throws {TemporalCliBuildError} when `go install` fails.
 */
export async function resolveTemporalCli(options: ResolveTemporalCliOptions = {}): Promise<ResolvedTemporalCli> {
  const env = options.env ?? {};
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit !== undefined && explicit !== '') {
    const resolved = path.resolve(explicit);
    if (!isExecutableFile(resolved)) {
      throw new TemporalCliNotFoundError(
        `TEMPORAL_CLI_PATH is set to ${resolved}, but ${
          fs.existsSync(resolved) ? 'that file is not executable' : 'no file exists there'
        }. Point it at a Temporal CLI binary, or unset it to use \`temporal\` from PATH or the project's cached build.`,
      );
    }
    return { path: resolved, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath(BINARY, env.PATH);
  if (onPath) return { path: onPath, source: 'PATH' };

  const toolsDir = options.toolsDir ?? defaultToolsDir(env);
  const cached = cachedCliPath(toolsDir);
  if (isExecutableFile(cached)) return { path: cached, source: 'cache' };

  if (options.build === false) {
    throw new TemporalCliNotFoundError(
      `No Temporal CLI found: TEMPORAL_CLI_PATH is unset, \`temporal\` is not on PATH and ${cached} does not exist. ` +
        'Run `npm run setup` to build it.',
    );
  }
  await buildTemporalCli({ toolsDir, env, onProgress: options.onProgress });
  return { path: cached, source: 'built' };
}

/** Options for {@link buildTemporalCli}. */
export interface BuildTemporalCliOptions {
  /** The tools folder; the binary lands in `<toolsDir>/bin`. */
  toolsDir: string;
  /** Environment for `go` (PATH, GOPROXY, GOCACHE, GOMODCACHE…). @default {} */
  env?: Record<string, string | undefined>;
  /** Progress lines. @default no output */
  onProgress?: (line: string) => void;
}

function goBinary(env: Record<string, string | undefined>): string | undefined {
  return findOnPath('go', env.PATH);
}

/**
 * Builds the Temporal CLI with `go install` into `<toolsDir>/bin`. Only one build runs per tools folder at a time:
 * a second caller waits for the first one's result.
 *
 * @throws {TemporalCliNotFoundError} when Go is not installed.
 * @throws {TemporalCliBuildError} when the build fails.
 */
export async function buildTemporalCli(options: BuildTemporalCliOptions): Promise<string> {
  const env = options.env ?? {};
  const progress = options.onProgress ?? (() => undefined);
  const target = cachedCliPath(options.toolsDir);
  const go = goBinary(env);
  if (!go) {
    throw new TemporalCliNotFoundError(
      'No Temporal CLI found and Go is not installed, so it cannot be built. Do one of: install Go >= 1.25 ' +
        `(then \`npm run setup\` builds ${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}); install the Temporal CLI ` +
        'and put `temporal` on PATH; or set TEMPORAL_CLI_PATH to an existing binary.',
    );
  }
  fs.mkdirSync(path.join(options.toolsDir, 'bin'), { recursive: true });
  const release = await acquireLock(path.join(options.toolsDir, 'build.lock'), progress);
  try {
    if (isExecutableFile(target)) return target;
    progress(
      `Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with ${go} into ${path.dirname(target)} ` +
        '(first time only; several minutes on 2 cores)…',
    );
    const started = Date.now();
    // The child inherits this process's environment (HOME, GOCACHE, proxies) as any spawned tool does.
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...env,
      CGO_ENABLED: '0',
      GOBIN: path.join(options.toolsDir, 'bin'),
      GOFLAGS: env.GOFLAGS ?? '',
    };
    const tail = new TailBuffer(60);
    let compiled = 0;
    let lastReport = 0;
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        go,
        [
          'install',
          '-v',
          '-ldflags',
          `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
          `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`,
        ],
        { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const onData = (chunk: Buffer): void =>
        tail.push(chunk, (line) => {
          if (line.startsWith('go: downloading')) return;
          compiled++;
          const now = Date.now();
          if (now - lastReport > 15_000) {
            lastReport = now;
            progress(`  … ${compiled} packages compiled, ${Math.round((now - started) / 1000)} s`);
          }
        });
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0 || !isExecutableFile(target)) {
      throw new TemporalCliBuildError(
        `go install ${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION} failed (exit ${code}). It needs Go >= 1.25 and ` +
          'access to a Go module proxy (GOPROXY). Last output:\n' +
          tail.toString(),
        tail.toString(),
      );
    }
    progress(`Built ${target} in ${Math.round((Date.now() - started) / 1000)} s.`);
    return target;
  } finally {
    release();
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock file holding the owner's pid; a lock whose owner died is taken over. */
async function acquireLock(file: string, progress: (line: string) => void): Promise<() => void> {
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (!Number.isInteger(owner) || owner <= 0 || !pidAlive(owner)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!told) {
        progress(`Waiting for another build of the Temporal CLI (pid ${owner}) to finish…`);
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Runs `temporal --version` and returns its first line. */
export function temporalCliVersion(cliPath: string): string {
  const result = spawnSync(cliPath, ['--version'], { encoding: 'utf8' });
  return (result.stdout || result.stderr || '').split('\n')[0]?.trim() ?? '';
}
