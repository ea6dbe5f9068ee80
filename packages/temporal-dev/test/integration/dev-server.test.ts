import net from 'node:net';
import { Connection } from '@temporalio/client';
import { DevServerStartError, resolveTemporalCli, startDevServer } from '@vtiger-temporal/temporal-dev';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('starts a real dev server with the Web UI and search attributes, and stop() leaves no process', async () => {
  const cli = await resolveTemporalCli({ env: process.env, onProgress: (l) => console.log(l) });
  const server = await startDevServer({ cliPath: cli.path, ui: true, searchAttributes: { SmokeKey: 'Keyword' } });
  try {
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const ui = await fetch(server.uiUrl!);
    expect(ui.status).toBe(200);
    const connection = await Connection.connect({ address: server.address });
    try {
      const attrs = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(attrs.customAttributes ?? {})).toContain('SmokeKey');
    } finally {
      await connection.close();
    }
  } finally {
    await server.stop();
  }
  expect(alive(server.pid)).toBe(false);
});

test('a server whose port is taken fails with its own output, and is not left running', async () => {
  const cli = await resolveTemporalCli({ env: process.env });
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const attempt = startDevServer({ cliPath: cli.path, port, readyTimeoutMs: 30_000 });
    await expect(attempt).rejects.toBeInstanceOf(DevServerStartError);
    await expect(attempt).rejects.toThrow(/exited with code|did not answer/);
  } finally {
    blocker.close();
  }
});
