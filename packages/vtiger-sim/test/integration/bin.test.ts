import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { md5AccessKey } from '@vtiger-temporal/vtiger-sim';

test('the vtiger-sim bin prints URL and credentials, serves them, and exits cleanly on SIGINT', async () => {
  const bin = join(__dirname, '..', '..', 'dist', 'bin.js');
  const child = spawn(process.execPath, [bin, '--port', '0', '--records', '3', '--seed', '2', '--profile', 'compat'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('accessKey:')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited early (${String(code)}): ${out}`)));
  });
  const endpoint = /listening on (\S+)/.exec(out)?.[1] as string;
  const accessKey = /accessKey: (\S+)/.exec(out)?.[1] as string;
  expect(out).toMatch(/vtiger-sim \(compat\)/);
  expect(out).toMatch(/username:\s+admin/);
  expect(accessKey).toMatch(/^[A-Za-z0-9]{16}$/);
  const challenge = (await (await fetch(`${endpoint}?operation=getchallenge&username=admin`)).json()) as {
    result: { token: string };
  };
  const loggedIn = (await (
    await fetch(endpoint, {
      method: 'POST',
      body: new URLSearchParams({
        operation: 'login',
        username: 'admin',
        accessKey: md5AccessKey(challenge.result.token, accessKey),
      }),
    })
  ).json()) as { success: boolean };
  expect(loggedIn.success).toBe(true);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
});
