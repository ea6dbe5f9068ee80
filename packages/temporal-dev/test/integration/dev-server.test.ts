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

test('a server that cannot start reports its own output', async () => {
  const cli = await resolveTemporalCli({ env: process.env });
  const attempt = startDevServer({ cliPath: cli.path, dynamicConfig: {}, namespace: 'bad namespace name!' });
  await expect(attempt).rejects.toBeInstanceOf(DevServerStartError);
});
