import type { NativeConnection } from '@temporalio/worker';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '@vtiger-temporal/common';

/** The `temporal operator search-attribute create` commands that register `names` on `namespace`. */
export function registrationCommands(namespace: string, names: readonly string[]): string[] {
  return names.map(
    (name) =>
      `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${
        SEARCH_ATTRIBUTE_REGISTRATIONS[name as keyof typeof SEARCH_ATTRIBUTE_REGISTRATIONS]
      }`,
  );
}

/**
 * Which of the project's search attributes (`SEARCH_ATTRIBUTE_REGISTRATIONS`) `namespace` lacks. The sync upserts
 * them; on a namespace without them its workflow tasks fail until they are registered (or the sync is started with
 * `"searchAttributes": false`). Resolves `undefined` when the server does not let this worker list them (an
 * operator API behind permissions, e.g. on Temporal Cloud): there is nothing to say then.
 */
export async function missingSearchAttributes(
  connection: Pick<NativeConnection, 'operatorService'>,
  namespace: string,
): Promise<string[] | undefined> {
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    const have = new Set(Object.keys(customAttributes ?? {}));
    return Object.keys(SEARCH_ATTRIBUTE_REGISTRATIONS).filter((name) => !have.has(name));
  } catch {
    return undefined;
  }
}
