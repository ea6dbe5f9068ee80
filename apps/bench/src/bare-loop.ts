import path from 'node:path';
import type { BareLoopOutput } from './bare-loop-main';
import { spawnNode } from './proc';
import type { Resources } from './resources';

const BARE_MAIN = path.join(__dirname, 'bare-loop-main.js');

/**
 * Runs the bare loop (see `bare-loop-main.ts`) as a child process over `modules`, one concurrent loop and session
 * per module, and returns what it measured.
 *
 * @throws Error with the tail of its output when it fails
 */
export async function runBareLoop(
  resources: Resources,
  options: { vtiger: { url: string; username: string; accessKey: string }; sinkUrl: string; modules: string[] },
): Promise<BareLoopOutput> {
  let output: BareLoopOutput | undefined;
  const child = spawnNode(
    BARE_MAIN,
    {
      VTIGER_URL: options.vtiger.url,
      VTIGER_USERNAME: options.vtiger.username,
      VTIGER_ACCESS_KEY: options.vtiger.accessKey,
      BENCH_BARE_SINK_URL: options.sinkUrl,
      BENCH_BARE_MODULES: options.modules.join(','),
    },
    (line) => {
      if (line.startsWith('{"ms":')) output = JSON.parse(line) as BareLoopOutput;
    },
  );
  const release = resources.add(`bare loop (pid ${child.pid})`, async () => void (await child.stop(2_000)));
  try {
    const exit = await child.exited;
    if (exit !== 0 || !output) throw new Error(`the bare loop exited with ${exit}; its last lines:\n${child.tail()}`);
    return output;
  } finally {
    await release();
  }
}
