import { CAPTURED_RELATEDTYPES_CONTACTS } from './captured';

/** One related list of a module: the relation label and the related module. */
export interface RelationSpec {
  readonly label: string;
  readonly module: string;
}

/** A `relatedtypes` result. */
export interface RelatedTypesResult {
  readonly types: readonly string[];
  readonly information: Readonly<
    Record<string, { readonly name: string; readonly label: string; readonly isEntity: string }>
  >;
}

const contacts = CAPTURED_RELATEDTYPES_CONTACTS.result as RelatedTypesResult;

const rel = (label: string, module: string): RelationSpec => ({ label, module });

/**
 * Related lists per module. Contacts is the captured answer; the others are not captured and are taken from the
 * default install's `vtiger_relatedlists` as far as it is known (Accounts↔Contacts/Potentials being the ones
 * that matter), labelled exactly like the captured Contacts ones.
 */
export const RELATED_LISTS: ReadonlyMap<string, readonly RelationSpec[]> = new Map<string, readonly RelationSpec[]>([
  ['Contacts', Object.values(contacts.information).map((info) => rel(info.label, info.name))],
  [
    'Accounts',
    [
      rel('Contacts', 'Contacts'),
      rel('Potentials', 'Potentials'),
      rel('Quotes', 'Quotes'),
      rel('Sales Order', 'SalesOrder'),
      rel('Invoice', 'Invoice'),
      rel('Activities', 'Calendar'),
      rel('Emails', 'Emails'),
      rel('Activity History', 'Calendar'),
      rel('Documents', 'Documents'),
      rel('HelpDesk', 'HelpDesk'),
      rel('Products', 'Products'),
      rel('Campaigns', 'Campaigns'),
      rel('Service Contracts', 'ServiceContracts'),
      rel('Services', 'Services'),
      rel('Projects', 'Project'),
      rel('Assets', 'Assets'),
      rel('ModComments', 'ModComments'),
    ],
  ],
  [
    'Potentials',
    [
      rel('Activities', 'Calendar'),
      rel('Contacts', 'Contacts'),
      rel('Products', 'Products'),
      rel('Documents', 'Documents'),
      rel('Quotes', 'Quotes'),
      rel('Sales Order', 'SalesOrder'),
      rel('Activity History', 'Calendar'),
      rel('Emails', 'Emails'),
      rel('Services', 'Services'),
      rel('ModComments', 'ModComments'),
    ],
  ],
  [
    'Leads',
    [
      rel('Activities', 'Calendar'),
      rel('Emails', 'Emails'),
      rel('Activity History', 'Calendar'),
      rel('Documents', 'Documents'),
      rel('Products', 'Products'),
      rel('Campaigns', 'Campaigns'),
      rel('Services', 'Services'),
      rel('ModComments', 'ModComments'),
    ],
  ],
  [
    'HelpDesk',
    [
      rel('Activities', 'Calendar'),
      rel('Documents', 'Documents'),
      rel('Activity History', 'Calendar'),
      rel('Services', 'Services'),
      rel('ModComments', 'ModComments'),
    ],
  ],
]);

/** The `relatedtypes` answer for `module` (captured for Contacts, built the same way for the others). */
export function relatedTypesOf(module: string): RelatedTypesResult {
  if (module === 'Contacts') return contacts;
  const specs = RELATED_LISTS.get(module) ?? [];
  const information: Record<string, { name: string; label: string; isEntity: string }> = {};
  for (const spec of specs) information[spec.label] = { name: spec.module, label: spec.label, isEntity: '1' };
  return { types: specs.map((s) => s.module), information };
}
