import { CAPTURED_DESCRIBE, CAPTURED_LISTTYPES } from './captured';

/** A field of a `describe` result (reference §11). */
export interface DescribeField {
  readonly name: string;
  readonly label: string;
  readonly mandatory: boolean;
  readonly type: {
    readonly name: string;
    readonly refersTo?: readonly string[];
    readonly picklistValues?: ReadonlyArray<{ readonly label: string; readonly value: string }>;
    readonly format?: string;
  };
  readonly isunique?: boolean;
  readonly nullable: boolean;
  readonly editable: boolean;
  readonly default?: unknown;
}

/** A `describe` result, as captured. */
export interface DescribeResult {
  readonly label: string;
  readonly name: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly deleteable: boolean;
  readonly retrieveable: boolean;
  readonly fields: readonly DescribeField[];
  readonly idPrefix: string;
  readonly isEntity: boolean;
  readonly allowDuplicates?: boolean;
  readonly labelFields: string;
}

/** A `listtypes` result. */
export interface ListTypesResult {
  readonly types: readonly string[];
  readonly information: Readonly<
    Record<string, { readonly isEntity: boolean; readonly label: string; readonly singular: string }>
  >;
}

/** How the query engine compares a field's values (MySQL column semantics). */
export type FieldKind = 'id' | 'reference' | 'owner' | 'numeric' | 'datetime' | 'date' | 'text';

/** What the simulator needs to know about one field. */
export interface FieldMeta {
  readonly name: string;
  readonly type: string;
  readonly kind: FieldKind;
  readonly mandatory: boolean;
  readonly editable: boolean;
  readonly refersTo: readonly string[];
  readonly picklist: readonly string[];
}

/** What the simulator needs to know about one module (entity or not). */
export interface ModuleMeta {
  readonly name: string;
  readonly idPrefix: number;
  readonly isEntity: boolean;
  readonly describe: DescribeResult;
  /** Fields in describe order, `id` last. */
  readonly fields: readonly FieldMeta[];
  readonly fieldByName: ReadonlyMap<string, FieldMeta>;
  readonly mandatory: readonly string[];
  /** Field names (not columns) that make up the record label. */
  readonly labelFields: readonly string[];
  /** The `<module>_no` field and its prefix, where the module numbers its records. */
  readonly numbering: { readonly field: string; readonly prefix: string } | undefined;
  /** Values a field has when nothing was stored (MySQL column defaults as they read back). */
  readonly defaults: Readonly<Record<string, string>>;
}

/** `vtiger_modentity_num` prefixes of a default install. */
const NUMBER_PREFIXES: Readonly<Record<string, string>> = {
  Contacts: 'CON',
  Accounts: 'ACC',
  Leads: 'LEA',
  Potentials: 'POT',
  HelpDesk: 'TT',
  Products: 'PRO',
  Campaigns: 'CAM',
  Vendors: 'VEN',
  Quotes: 'QUO',
  Invoice: 'INV',
  SalesOrder: 'SO',
  PurchaseOrder: 'PO',
  Faq: 'FAQ',
  Documents: 'DOC',
  Services: 'SER',
  ServiceContracts: 'SERCON',
  Assets: 'ASSET',
  Project: 'PROJ',
  ProjectTask: 'PT',
  ProjectMilestone: 'PM',
  PriceBooks: 'PB',
};

/** `labelFields` lists DB columns; where the column name differs from the field name, map it. */
const LABEL_COLUMN_TO_FIELD: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  HelpDesk: { title: 'ticket_title' },
  Documents: { title: 'notes_title' },
};

function fieldKind(field: DescribeField): FieldKind {
  if (field.name === 'id') return 'id';
  switch (field.type.name) {
    case 'reference':
      return 'reference';
    case 'owner':
      return 'owner';
    case 'integer':
    case 'double':
    case 'currency':
      return 'numeric';
    case 'datetime':
      return 'datetime';
    case 'date':
      return 'date';
    default:
      return 'text';
  }
}

function typeDefault(field: DescribeField): string {
  switch (field.type.name) {
    case 'boolean':
    case 'integer':
      return '0';
    case 'currency':
      return '0.00000000';
    default:
      return '';
  }
}

function buildModule(describe: DescribeResult): ModuleMeta {
  const fields: FieldMeta[] = describe.fields.map((f) => ({
    name: f.name,
    type: f.type.name,
    kind: fieldKind(f),
    mandatory: f.mandatory,
    editable: f.editable,
    refersTo: f.type.refersTo ?? [],
    picklist: (f.type.picklistValues ?? []).map((p) => p.value),
  }));
  const fieldByName = new Map(fields.map((f) => [f.name, f]));
  const columnMap = LABEL_COLUMN_TO_FIELD[describe.name] ?? {};
  const labelFields = describe.labelFields
    .split(',')
    .map((column) => columnMap[column.trim()] ?? column.trim())
    .filter((name) => fieldByName.has(name));
  const prefix = NUMBER_PREFIXES[describe.name];
  const numberField = describe.fields.find((f) => f.name.endsWith('_no') && !f.editable)?.name;
  const defaults: Record<string, string> = {};
  for (const f of describe.fields) defaults[f.name] = typeDefault(f);
  return {
    name: describe.name,
    idPrefix: Number(describe.idPrefix),
    isEntity: describe.isEntity,
    describe,
    fields,
    fieldByName,
    mandatory: describe.fields.filter((f) => f.mandatory).map((f) => f.name),
    labelFields,
    numbering: prefix && numberField ? { field: numberField, prefix } : undefined,
    defaults,
  };
}

/** The captured `listtypes` result (35 types). */
export const LISTTYPES = CAPTURED_LISTTYPES.result as ListTypesResult;

/** Every module with a captured describe, by name (module names are case-sensitive, reference §9). */
export const MODULES: ReadonlyMap<string, ModuleMeta> = new Map(
  Object.values(CAPTURED_DESCRIBE).map((envelope) => {
    const meta = buildModule(envelope.result as DescribeResult);
    return [meta.name, meta] as const;
  }),
);

/** Modules by webservice id prefix (`12` → Contacts, `19` → Users, reference §11). */
export const MODULES_BY_PREFIX: ReadonlyMap<number, ModuleMeta> = new Map(
  [...MODULES.values()].map((m) => [m.idPrefix, m] as const),
);

/** Prefix of the Users entity (`19x1` is the admin). */
export const USERS_PREFIX = 19;
/** Prefix of the Groups entity (owners can be groups). */
export const GROUPS_PREFIX = 20;

/** The module named `name`, or undefined (exact, case-sensitive match). */
export function moduleByName(name: string | null | undefined): ModuleMeta | undefined {
  return name == null ? undefined : MODULES.get(name);
}

/** Entity modules whose records live in the record store (everything with isEntity except Users). */
export function isRecordModule(meta: ModuleMeta): boolean {
  return meta.isEntity && meta.name !== 'Users';
}
