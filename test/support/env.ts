/** The test server's coordinates, published by global-setup. */
export function temporalTestEnv(): { address: string; namespace: string; cliPath: string } {
  const address = process.env.TEMPORAL_ADDRESS;
  const cliPath = process.env.TEMPORAL_CLI_PATH;
  if (!address || !cliPath)
    throw new Error('TEMPORAL_ADDRESS/TEMPORAL_CLI_PATH unset: run through jest (global-setup).');
  return { address, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', cliPath };
}
