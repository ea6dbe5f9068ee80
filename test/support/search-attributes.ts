import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '@vtiger-temporal/common';
import type { SearchAttributeTypeName } from '@vtiger-temporal/temporal-dev';

/** Search attributes registered on the test server: the project's own. */
export const TEST_SEARCH_ATTRIBUTES: Record<string, SearchAttributeTypeName> = { ...SEARCH_ATTRIBUTE_REGISTRATIONS };
