#!/usr/bin/env node
/**
 * Build step: bundles `@vtiger-temporal/workflows` once, into `dist/workflow-bundle.js`, so the worker does not run
 * webpack at every start (about 65 MB of memory and a second or two of CPU per start). `runVtigerWorker` uses the
 * prebuilt bundle when it exists and bundles at start otherwise.
 */
import fs from 'node:fs';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { PREBUILT_WORKFLOW_BUNDLE } from './prebuilt-bundle';

async function main(): Promise<void> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('@vtiger-temporal/workflows'),
    logger: new DefaultLogger('WARN'),
  });
  fs.writeFileSync(PREBUILT_WORKFLOW_BUNDLE, code);
  process.stdout.write(
    `workflow bundle: ${PREBUILT_WORKFLOW_BUNDLE} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bundling the workflows failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
