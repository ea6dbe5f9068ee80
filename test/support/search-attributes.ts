import type { SearchAttributeTypeName } from '@vtiger-temporal/temporal-dev';

/** Search attributes registered on the test server. */
export const TEST_SEARCH_ATTRIBUTES: Record<string, SearchAttributeTypeName> = {};
