#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startVtigerSim } from './sim';
import { type VtigerSimProfile } from './options';

const usage = `Usage:
  vtiger-sim [--port N] [--host 127.0.0.1] [--records N] [--seed N] [--profile stock|compat]
             [--idle-timeout SECONDS] [--latency]
Serves a simulated Vtiger 8.2 at http://HOST:PORT/webservice.php until Ctrl-C.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      records: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      'idle-timeout': { type: 'string' },
      latency: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const number = (name: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number (got "${value}")\n${usage}`);
    return n;
  };
  const sim = await startVtigerSim({
    port: number('port', values.port),
    host: values.host,
    records: number('records', values.records),
    seed: number('seed', values.seed),
    profile: values.profile as VtigerSimProfile | undefined,
    idleTimeoutSeconds: number('idle-timeout', values['idle-timeout']),
    latency: values.latency,
  });
  console.log(`vtiger-sim (${sim.profile}) listening on ${sim.endpoint}`);
  console.log(`url:       ${sim.url}`);
  console.log(`username:  ${sim.admin.username}`);
  console.log(`accessKey: ${sim.admin.accessKey}`);
  for (const user of sim.users) {
    if (user.username === sim.admin.username) continue;
    console.log(
      `also:      ${user.username} ${user.accessKey} (${user.userId}${user.isAdmin ? ', admin' : ''}${user.active ? '' : ', inactive'})`,
    );
  }
  const shutdown = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
