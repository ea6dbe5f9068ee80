/** Tokens of Vtiger's VTQL grammar, numbered as the PHP parser numbers them (used to order "expected" lists). */
export const VTQL_TOKENS = [
  'SELECT',
  'FRM',
  'COLUMNNAME',
  'ASTERISK',
  'COUNT',
  'PARENOPEN',
  'PARENCLOSE',
  'COMMA',
  'TABLENAME',
  'WHERE',
  'LOGICAL_AND',
  'LOGICAL_OR',
  'VALUE',
  'EQ',
  'LT',
  'GT',
  'LTE',
  'GTE',
  'NE',
  'IN',
  'LIKE',
  'ORDERBY',
  'ASC',
  'DESC',
  'LIMIT',
  'SEMICOLON',
] as const;

/** A VTQL token type. */
export type VtqlTokenType = (typeof VTQL_TOKENS)[number];

/** A lexed token; `type === null` is a word the lexer could not classify (reported as `Unknown`). */
export interface VtqlToken {
  readonly type: VtqlTokenType | null;
  readonly value: string;
}

/** A comparison operator of a WHERE condition. */
export type VtqlOperator = '=' | '<' | '>' | '<=' | '>=' | '!=' | 'IN' | 'LIKE';

/** A literal of a WHERE condition. */
export interface VtqlValue {
  /** As written, quotes included. */
  readonly raw: string;
  readonly quoted: boolean;
  /** Without quotes, `''` and backslash escapes resolved the way MySQL reads a string literal. */
  readonly text: string;
}

/** One `column op value(s)` condition. */
export interface VtqlCondition {
  readonly column: string;
  readonly operator: VtqlOperator;
  readonly values: readonly VtqlValue[];
}

/** A parsed VTQL statement. */
export interface VtqlQuery {
  readonly select:
    | { readonly kind: 'all' }
    | { readonly kind: 'count' }
    | { readonly kind: 'columns'; readonly columns: readonly string[] };
  readonly module: string;
  /** Conditions joined left to right by `connectors` (`connectors.length === conditions.length - 1`). */
  readonly where: {
    readonly conditions: readonly VtqlCondition[];
    readonly connectors: ReadonlyArray<'AND' | 'OR'>;
  } | null;
  readonly orderBy: readonly string[] | null;
  /** Applies to the last ORDER BY column only, as in the SQL it becomes. */
  readonly sortOrder: 'ASC' | 'DESC' | null;
  /** Raw LIMIT operands (validated at execution, where MySQL would reject them). */
  readonly limit: { readonly offset: string | null; readonly count: string } | null;
}
