import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cachedCliPath,
  resolveTemporalCli,
  TEMPORAL_CLI_MODULE,
  TEMPORAL_CLI_VERSION,
  TemporalCliNotFoundError,
} from '@vtiger-temporal/temporal-dev';

let scratch: string;
beforeEach(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-cli-'));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

function executable(file: string, body = '#!/bin/sh\necho fake\n'): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, body, { mode: 0o755 });
  return file;
}

/** A stand-in `go` that behaves like `go install`: writes an executable into $GOBIN and records how it was run. */
function fakeGo(dir: string, exitCode = 0): string {
  const log = path.join(dir, 'go-calls.log');
  executable(
    path.join(dir, 'go'),
    `#!/bin/sh
echo "$CGO_ENABLED $GOBIN $*" >> ${log}
echo "github.com/temporalio/cli/temporalcli" >&2
[ ${exitCode} -eq 0 ] || { echo "go: build failed on purpose" >&2; exit ${exitCode}; }
printf '#!/bin/sh\\necho temporal version built\\n' > "$GOBIN/temporal"
/bin/chmod +x "$GOBIN/temporal"
`,
  );
  return log;
}

test('TEMPORAL_CLI_PATH pointing at a missing file fails with a message naming the path and the fix', async () => {
  const missing = path.join(scratch, 'nope', 'temporal');
  const attempt = resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: missing, PATH: '' }, toolsDir: scratch });
  await expect(attempt).rejects.toBeInstanceOf(TemporalCliNotFoundError);
  await expect(attempt).rejects.toThrow(`TEMPORAL_CLI_PATH is set to ${missing}, but no file exists there`);
});

test('TEMPORAL_CLI_PATH pointing at a non-executable file is refused', async () => {
  const file = path.join(scratch, 'temporal');
  fs.writeFileSync(file, 'not a program', { mode: 0o644 });
  await expect(resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: file }, toolsDir: scratch })).rejects.toThrow(
    'that file is not executable',
  );
});

test('resolution order: TEMPORAL_CLI_PATH, then PATH, then the cached build', async () => {
  const explicit = executable(path.join(scratch, 'explicit', 'temporal'));
  const onPath = executable(path.join(scratch, 'pathdir', 'temporal'));
  const toolsDir = path.join(scratch, 'tools');
  const cached = executable(cachedCliPath(toolsDir));
  const pathVar = path.join(scratch, 'pathdir');

  await expect(resolveTemporalCli({ env: { TEMPORAL_CLI_PATH: explicit, PATH: pathVar }, toolsDir })).resolves.toEqual({
    path: explicit,
    source: 'TEMPORAL_CLI_PATH',
  });
  await expect(resolveTemporalCli({ env: { PATH: pathVar }, toolsDir })).resolves.toEqual({
    path: onPath,
    source: 'PATH',
  });
  await expect(resolveTemporalCli({ env: { PATH: '' }, toolsDir })).resolves.toEqual({ path: cached, source: 'cache' });
});

test('with no binary and no Go, the error says exactly what to install', async () => {
  const attempt = resolveTemporalCli({ env: { PATH: path.join(scratch, 'empty') }, toolsDir: path.join(scratch, 't') });
  await expect(attempt).rejects.toBeInstanceOf(TemporalCliNotFoundError);
  await expect(attempt).rejects.toThrow(/install Go >= 1\.25.*put `temporal` on PATH.*TEMPORAL_CLI_PATH/s);
});

test('builds with go install into the tools folder, caches it, and rebuilds after the cache is deleted', async () => {
  const goDir = path.join(scratch, 'gobin');
  fs.mkdirSync(goDir);
  const calls = fakeGo(goDir);
  const toolsDir = path.join(scratch, 'tools');
  const progress: string[] = [];
  const env = { PATH: goDir };

  const first = await resolveTemporalCli({ env, toolsDir, onProgress: (l) => progress.push(l) });
  expect(first).toEqual({ path: cachedCliPath(toolsDir), source: 'built' });
  expect(progress.join('\n')).toContain(`Building the Temporal CLI v${TEMPORAL_CLI_VERSION}`);
  const recorded = fs.readFileSync(calls, 'utf8').trim().split('\n');
  expect(recorded).toHaveLength(1);
  expect(recorded[0]).toContain(`0 ${path.join(toolsDir, 'bin')} install -v`);
  expect(recorded[0]).toContain(`${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`);

  await expect(resolveTemporalCli({ env, toolsDir })).resolves.toMatchObject({ source: 'cache' });
  expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(1);

  fs.rmSync(cachedCliPath(toolsDir));
  await expect(resolveTemporalCli({ env, toolsDir })).resolves.toMatchObject({ source: 'built' });
  expect(fs.readFileSync(calls, 'utf8').trim().split('\n')).toHaveLength(2);
});

test('a failed build reports the tail of the Go output', async () => {
  const goDir = path.join(scratch, 'gobin');
  fs.mkdirSync(goDir);
  fakeGo(goDir, 3);
  await expect(resolveTemporalCli({ env: { PATH: goDir }, toolsDir: path.join(scratch, 'tools') })).rejects.toThrow(
    /failed \(exit 3\)[\s\S]*go: build failed on purpose/,
  );
});

test('build: false never runs go', async () => {
  await expect(
    resolveTemporalCli({ env: { PATH: '' }, toolsDir: path.join(scratch, 'tools'), build: false }),
  ).rejects.toThrow('Run `npm run setup` to build it.');
});
