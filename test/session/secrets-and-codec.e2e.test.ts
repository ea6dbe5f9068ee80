import { randomBytes } from 'node:crypto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, startCodecServer, type CodecServer } from '@vtiger-temporal/codec';
import { SEALED_SESSION_PREFIX } from '@vtiger-temporal/common';
import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import type { vtigerSessionProbeWorkflow } from '@vtiger-temporal/workflows';
import { bundleProjectWorkflows, startTestWorker, temporalCli } from '../support/harness';

let sim: VtigerSim;
let bundle: WorkflowBundleWithSourceMap;
const seenSessions = new Set<string>();

beforeAll(async () => {
  sim = await startVtigerSim({ records: 10, seed: 3 });
  bundle = await bundleProjectWorkflows();
});
afterAll(async () => sim?.close());

/** Runs the probe via the CLI-visible history and remembers every session the simulator handed out. */
async function runProbe(env: Record<string, string>): Promise<{ workflowId: string; history: string }> {
  const worker = await startTestWorker({
    bundle,
    env: { VTIGER_URL: sim.url, VTIGER_USERNAME: sim.admin.username, VTIGER_ACCESS_KEY: sim.admin.accessKey, ...env },
  });
  try {
    const workflowId = `secrets-${Date.now()}`;
    const handle = await worker.client.workflow.start<typeof vtigerSessionProbeWorkflow>('vtigerSessionProbeWorkflow', {
      taskQueue: worker.taskQueue,
      workflowId,
      args: [{ rounds: 2, pause: '1200 ms', keepAliveInterval: '1 second', idleTimeout: '1 minute' }],
    });
    // sessions are live while the workflow runs (stock Vtiger's logout leaves them valid, too)
    const poll = setInterval(() => sim.sessions().forEach((s) => seenSessions.add(s.sessionName)), 100);
    await handle.result();
    clearInterval(poll);
    sim.sessions().forEach((s) => seenSessions.add(s.sessionName));
    const history = await temporalCli(['workflow', 'show', '--workflow-id', workflowId, '--output', 'json']);
    return { workflowId, history };
  } finally {
    await worker.stop();
  }
}

test('without a codec key: neither the access key nor the session name appears in the history (sessions are sealed)', async () => {
  seenSessions.clear();
  const { history } = await runProbe({});
  expect(seenSessions.size).toBeGreaterThan(0);
  const decoded = decodeAllPayloads(history);
  expect(decoded).toContain(SEALED_SESSION_PREFIX);
  for (const text of [history, decoded]) {
    expect(text).not.toContain(sim.admin.accessKey);
    for (const sessionName of seenSessions) expect(text).not.toContain(sessionName);
  }
}, 60_000);

test('with a codec key: payloads are encrypted in the history and the codec server decodes them', async () => {
  seenSessions.clear();
  const key = randomBytes(32);
  const { history } = await runProbe({ VTIGER_TEMPORAL_CODEC_KEY: key.toString('base64') });
  expect(history).toContain(Buffer.from(ENCRYPTED_ENCODING).toString('base64'));
  const plain = decodeAllPayloads(history);
  expect(plain).not.toContain('"counts"');
  expect(plain).not.toContain(SEALED_SESSION_PREFIX);
  expect(history).not.toContain(sim.admin.accessKey);

  const server: CodecServer = await startCodecServer({
    codec: new AesGcmPayloadCodec({ key }),
    allowedOrigins: ['http://127.0.0.1:8233'],
  });
  try {
    const payloads = collectPayloads(JSON.parse(history));
    const preflight = await fetch(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:8233', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/x-namespace/);
    const response = await fetch(`${server.url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: 'http://127.0.0.1:8233' },
      body: JSON.stringify({ payloads }),
    });
    expect(response.status).toBe(200);
    const decoded = ((await response.json()) as { payloads: { data: string }[] }).payloads
      .map((p) => Buffer.from(p.data, 'base64').toString('utf8'))
      .join('\n');
    expect(decoded).toContain('"counts"');
    expect(decoded).toContain(SEALED_SESSION_PREFIX);
    for (const sessionName of seenSessions) expect(decoded).not.toContain(sessionName);
  } finally {
    await server.close();
  }
}, 60_000);

/** Every `{ metadata, data }` payload in a CLI JSON history. */
function collectPayloads(node: unknown, out: { metadata: Record<string, string>; data: string }[] = []) {
  if (Array.isArray(node)) node.forEach((n) => collectPayloads(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.metadata && typeof o.metadata === 'object' && typeof o.data === 'string') {
      out.push({ metadata: o.metadata as Record<string, string>, data: o.data });
    } else Object.values(o).forEach((v) => collectPayloads(v, out));
  }
  return out;
}

/** The history's payload data, base64-decoded (what anyone with read access to the history can see). */
function decodeAllPayloads(history: string): string {
  return collectPayloads(JSON.parse(history))
    .map((p) => Buffer.from(p.data, 'base64').toString('utf8'))
    .join('\n');
}
