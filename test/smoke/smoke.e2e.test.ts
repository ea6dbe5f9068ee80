import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import {
  bundleWorkflowCode,
  DefaultLogger,
  NativeConnection,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { temporalTestEnv } from '../support/env';
import * as activities from './activities';
import type { smokeWorkflow } from './workflows';

const run = promisify(execFile);
const { address, namespace, cliPath } = temporalTestEnv();
const taskQueue = `smoke-${process.pid}`;

let bundle: WorkflowBundleWithSourceMap;
let worker: Worker;
let workerDone: Promise<void>;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: new DefaultLogger('WARN'),
  });
  const nativeConnection = await NativeConnection.connect({ address });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace,
    taskQueue,
    workflowBundle: bundle,
    activities,
  });
  workerDone = worker.run();
  connection = await Connection.connect({ address });
  client = new Client({ connection, namespace });
});

afterAll(async () => {
  worker?.shutdown();
  await workerDone;
  await connection?.close();
});

test('a real worker runs a workflow and its activity on the dev server', async () => {
  const result = await client.workflow.execute<typeof smokeWorkflow>('smokeWorkflow', {
    taskQueue,
    workflowId: `smoke-sdk-${Date.now()}`,
    args: [{ name: 'sdk', times: 2 }],
  });
  expect(result.greetings).toEqual(['hello sdk #0 (attempt 1)', 'hello sdk #1 (attempt 1)']);
});

test('the real temporal binary starts a workflow with --input JSON and reads its result', async () => {
  const workflowId = `smoke-cli-${Date.now()}`;
  const { stdout } = await run(cliPath, [
    'workflow',
    'execute',
    '--address',
    address,
    '--namespace',
    namespace,
    '--task-queue',
    taskQueue,
    '--type',
    'smokeWorkflow',
    '--workflow-id',
    workflowId,
    '--input',
    '{"name":"cli","times":1}',
    '--output',
    'json',
  ]);
  const printed = JSON.parse(stdout) as { result: { greetings: string[] }; status: string };
  expect(printed.status).toMatch(/COMPLETED/);
  expect(printed.result).toEqual({ greetings: ['hello cli #0 (attempt 1)'] });
  // The history the server kept agrees with what the CLI printed.
  const described = await client.workflow.getHandle(workflowId).describe();
  expect(described.type).toBe('smokeWorkflow');
  expect(described.status.name).toBe('COMPLETED');
});
