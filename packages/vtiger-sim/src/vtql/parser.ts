import {
  VTQL_TOKENS,
  type VtqlCondition,
  type VtqlOperator,
  type VtqlQuery,
  type VtqlToken,
  type VtqlTokenType,
  type VtqlValue,
} from './ast';
import { lexVtql } from './lexer';

/** Thrown for a grammar violation; the server answers QUERY_SYNTAX_ERROR with this message. */
export class VtqlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VtqlSyntaxError';
  }
}

/** Thrown when the lexer meets a character no rule matches; the server answers INTERNAL_SERVER_ERROR. */
export class VtqlLexError extends Error {
  constructor() {
    super('Unexpected input');
    this.name = 'VtqlLexError';
  }
}

/** Options of {@link parseVtql}. */
export interface ParseVtqlOptions {
  /**
   * Called with the table name once the token after it has been accepted, which is when the PHP parser
   * resolves the module; throw from it to reject unknown modules before later syntax errors.
   */
  readonly onTable?: (module: string) => void;
}

const OPERATORS: Partial<Record<VtqlTokenType, VtqlOperator>> = {
  EQ: '=',
  LT: '<',
  GT: '>',
  LTE: '<=',
  GTE: '>=',
  NE: '!=',
  IN: 'IN',
  LIKE: 'LIKE',
};

const END = Symbol('end');

/**
 * Parses a VTQL statement (reference §9):
 * `SELECT (*|count(*)|col[,col…]) FROM Module [WHERE cond ((AND|OR) cond)*] [ORDER BY col[,col…] [ASC|DESC]]
 * [LIMIT n | LIMIT offset,n] ;`
 *
 * Errors read like the PHP parser's: `Syntax Error on line 1: token 'OFFSET' Unexpected VALUE(OFFSET), expected
 * one of: SEMICOLON`. The "expected" lists name the tokens the grammar accepts at that point (where a statement
 * could end, only `SEMICOLON`, which is what the server prints for a missing `;`).
 *
 * @throws {VtqlSyntaxError} on a grammar violation
 * @throws {VtqlLexError} on a character the lexer cannot read (e.g. a double quote)
 */
export function parseVtql(input: string, options: ParseVtqlOptions = {}): VtqlQuery {
  const lexed = lexVtql(input);
  const tokens = lexed.tokens;
  let pos = 0;

  const peek = (): VtqlToken | typeof END => {
    if (pos < tokens.length) return tokens[pos] as VtqlToken;
    if (lexed.failed) throw new VtqlLexError();
    return END;
  };
  const fail = (token: VtqlToken | typeof END, expected: readonly VtqlTokenType[]): never => {
    const sorted = [...expected].sort((a, b) => VTQL_TOKENS.indexOf(a) - VTQL_TOKENS.indexOf(b));
    const unexpected =
      token === END
        ? `token '${lexed.lastLexeme}' Unexpected End of Input(0)`
        : `token '${token.value}' Unexpected ${token.type ?? 'Unknown'}(${token.value})`;
    throw new VtqlSyntaxError(`Syntax Error on line 1: ${unexpected}, expected one of: ${sorted.join(',')}`);
  };
  /** Consumes a token of one of `types`, else fails listing `expected` (or only SEMICOLON at end of input). */
  const expect = (types: readonly VtqlTokenType[], expected = types, atEnd = expected): VtqlToken => {
    const token = peek();
    if (token !== END && token.type !== null && types.includes(token.type)) {
      pos++;
      return token;
    }
    return fail(token, token === END ? atEnd : expected);
  };
  const is = (type: VtqlTokenType): boolean => {
    const token = peek();
    return token !== END && token.type === type;
  };

  const clauseStarts: VtqlTokenType[] = ['WHERE', 'ORDERBY', 'LIMIT', 'SEMICOLON'];
  const afterValue: VtqlTokenType[] = ['COMMA', 'LOGICAL_AND', 'LOGICAL_OR', 'ORDERBY', 'LIMIT', 'SEMICOLON'];
  const afterCondition: VtqlTokenType[] = ['LOGICAL_AND', 'LOGICAL_OR', 'ORDERBY', 'LIMIT', 'SEMICOLON'];
  const semicolonOnly: VtqlTokenType[] = ['SEMICOLON'];

  expect(['SELECT']);

  // Select list.
  const columns: string[] = [];
  let star = false;
  let count = false;
  for (;;) {
    const first = columns.length === 0 && !star && !count;
    const token = expect(
      first ? ['COLUMNNAME', 'ASTERISK', 'COUNT'] : ['COLUMNNAME'],
      first ? ['COLUMNNAME', 'ASTERISK', 'COUNT'] : ['COLUMNNAME'],
    );
    if (token.type === 'ASTERISK') star = true;
    else if (token.type === 'COUNT') {
      expect(['PARENOPEN']);
      expect(['ASTERISK']);
      expect(['PARENCLOSE']);
      count = true;
    } else columns.push(token.value);
    const next = expect(['FRM', 'COMMA']);
    if (next.type === 'FRM') break;
  }

  const table = expect(['TABLENAME']);
  const afterTable = peek();
  if (afterTable !== END && (afterTable.type === null || !clauseStarts.includes(afterTable.type))) {
    fail(afterTable, clauseStarts);
  }
  options.onTable?.(table.value);

  // WHERE: conditions joined left to right by AND/OR, no parentheses (reference §9).
  let where: VtqlQuery['where'] = null;
  if (is('WHERE')) {
    pos++;
    const conditions: VtqlCondition[] = [];
    const connectors: Array<'AND' | 'OR'> = [];
    for (;;) {
      const column = expect(['COLUMNNAME']);
      const op = expect(['EQ', 'LT', 'GT', 'LTE', 'GTE', 'NE', 'IN', 'LIKE']);
      const values: VtqlValue[] = [];
      let parenthesized = false;
      if (is('PARENOPEN')) {
        pos++;
        parenthesized = true;
        for (;;) {
          values.push(literal(expect(['VALUE'])));
          const sep = expect(['PARENCLOSE', 'COMMA']);
          if (sep.type === 'PARENCLOSE') break;
        }
      } else {
        // The grammar also takes an unparenthesised list (`a = 'x','y'`); the column/value count check rejects
        // it later for anything but IN.
        values.push(literal(expect(['VALUE'], ['PARENOPEN', 'VALUE'])));
        while (is('COMMA')) {
          pos++;
          values.push(literal(expect(['VALUE'])));
        }
      }
      conditions.push({ column: column.value, operator: OPERATORS[op.type as VtqlTokenType] as VtqlOperator, values });
      const next = peek();
      if (next === END) fail(next, semicolonOnly);
      else if (next.type === 'LOGICAL_AND' || next.type === 'LOGICAL_OR') {
        pos++;
        connectors.push(next.type === 'LOGICAL_AND' ? 'AND' : 'OR');
        continue;
      } else if (next.type === null || !['ORDERBY', 'LIMIT', 'SEMICOLON'].includes(next.type)) {
        fail(next, parenthesized ? afterCondition : afterValue);
      }
      break;
    }
    where = { conditions, connectors };
  }

  // ORDER BY col[, col…] [ASC|DESC].
  let orderBy: string[] | null = null;
  let sortOrder: 'ASC' | 'DESC' | null = null;
  if (is('ORDERBY')) {
    pos++;
    orderBy = [];
    for (;;) {
      orderBy.push(expect(['COLUMNNAME']).value);
      const next = peek();
      if (next !== END && next.type === 'COMMA') {
        pos++;
        continue;
      }
      if (next !== END && (next.type === 'ASC' || next.type === 'DESC')) {
        pos++;
        sortOrder = next.type;
        const after = peek();
        if (after === END) fail(after, semicolonOnly);
        else if (after.type === null || !['LIMIT', 'SEMICOLON'].includes(after.type))
          fail(after, ['LIMIT', 'SEMICOLON']);
      } else if (next === END) {
        fail(next, semicolonOnly);
      } else if (next.type === null || !['LIMIT', 'SEMICOLON'].includes(next.type)) {
        fail(next, ['COMMA', 'ASC', 'DESC', 'LIMIT', 'SEMICOLON']);
      }
      break;
    }
  }

  // LIMIT n | LIMIT offset, n (no OFFSET keyword).
  let limit: VtqlQuery['limit'] = null;
  if (is('LIMIT')) {
    pos++;
    const first = expect(['VALUE']).value;
    if (is('COMMA')) {
      pos++;
      limit = { offset: first, count: expect(['VALUE']).value };
    } else {
      limit = { offset: null, count: first };
    }
  }

  const endToken = peek();
  if (endToken === END || endToken.type !== 'SEMICOLON') fail(endToken, semicolonOnly);
  pos++;
  // After the statement is accepted the PHP parser starts over, so anything further must be a new SELECT.
  const trailing = peek();
  if (trailing !== END) fail(trailing, ['SELECT']);

  return {
    select: count ? { kind: 'count' } : star ? { kind: 'all' } : { kind: 'columns', columns },
    module: table.value,
    where,
    orderBy,
    sortOrder,
    limit,
  };
}

/** A WHERE literal: quotes stripped, `''` and backslash escapes resolved like a MySQL string literal. */
function literal(token: VtqlToken): VtqlValue {
  const raw = token.value;
  if (!(raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2)) return { raw, quoted: false, text: raw };
  const body = raw.slice(1, -1).replace(/''/g, "'");
  const text = body.replace(/\\(.)/g, (_m, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '0':
        return '\0';
      case '%':
      case '_':
        // Kept escaped: they only mean something to LIKE, which reads them as literal characters.
        return `\\${ch}`;
      default:
        return ch;
    }
  });
  return { raw, quoted: true, text };
}
