import { spawn } from 'node:child_process';
import path from 'node:path';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { temporalTestEnv } from '../support/env';

const main = path.join(path.dirname(require.resolve('@vtiger-temporal/worker/package.json')), 'dist', 'main.js');
let sim: VtigerSim;
beforeAll(async () => (sim = await startVtigerSim({ records: 5 })));
afterAll(async () => sim?.close());

function runWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exit, output: () => out };
}

test('missing configuration: one clear message, exit code 2', async () => {
  const worker = runWorker({ TEMPORAL_ADDRESS: temporalTestEnv().address });
  expect(await worker.exit).toBe(2);
  expect(worker.output()).toMatch(/no Vtiger connection\. Set VTIGER_URL, VTIGER_USERNAME and VTIGER_ACCESS_KEY/);
});

test('the worker process starts, logs JSON lines without secrets, and stops gracefully on SIGTERM', async () => {
  const { address } = temporalTestEnv();
  const worker = runWorker({
    TEMPORAL_ADDRESS: address,
    VTIGER_URL: sim.url,
    VTIGER_USERNAME: sim.admin.username,
    VTIGER_ACCESS_KEY: sim.admin.accessKey,
    VTIGER_TEMPORAL_TASK_QUEUE: `proc-${process.pid}`,
  });
  const deadline = Date.now() + 60_000;
  while (!worker.output().includes('vtiger worker ready') && Date.now() < deadline && worker.child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(worker.output()).toContain('"msg":"vtiger worker ready"');
  worker.child.kill('SIGTERM');
  expect(await worker.exit).toBe(0);
  expect(worker.output()).toContain('"msg":"vtiger worker stopped"');
  expect(worker.output()).not.toContain(sim.admin.accessKey);
}, 90_000);
