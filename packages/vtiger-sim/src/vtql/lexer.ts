import { type VtqlToken, type VtqlTokenType } from './ast';

/**
 * The VTQL lexer. One regex splits the input into lexemes (reference §9); a small state machine then decides
 * what each lexeme is from where it stands, which is why `OFFSET` after `LIMIT 3` is a VALUE and a double quote
 * cannot be lexed at all (the PHP lexer throws, which the server reports as INTERNAL_SERVER_ERROR).
 */
const LEXEME = /(\w+|'(?:[^']|'')+'|\(|\)|[+-]?\d+|,|\*|=|<(?!=)|>(?!=)|<=|>=|!=|;)|([ \t\r\n]+)/y;

/** Result of lexing: the tokens up to the first unlexable character, if any. */
export interface VtqlLexResult {
  readonly tokens: readonly VtqlToken[];
  /** True when lexing stopped at a character no rule matches. */
  readonly failed: boolean;
  /** The last lexeme matched (whitespace and skipped words included): what an end-of-input error quotes. */
  readonly lastLexeme: string;
}

const OPTIONAL_STATES = ['where', 'orderby', 'limit'] as const;

class Classifier {
  private mandatory = true;
  private mandatoryState = 0; // select, column_list, from, table
  private optionalState = 0; // where, orderby, limit
  private whereColumn = false;
  private orderBy = false;
  private inStarted = false;
  private count = false;

  /** Token type, null for an unclassifiable word, or 'skip' for a lexeme that yields no token (`ORDER`). */
  classify(value: string): VtqlTokenType | null | 'skip' {
    const lower = value.toLowerCase();
    if (this.mandatory) {
      switch (this.mandatoryState) {
        case 0:
          if (lower !== 'select') return null;
          this.mandatoryState = 1;
          return 'SELECT';
        case 1:
          if (lower === 'from') {
            this.mandatoryState = 3;
            return 'FRM';
          }
          if (value === '*') {
            // After `SELECT *` the next word must be FROM; inside count(*) the star does not advance.
            if (!this.count) this.mandatoryState = 2;
            return 'ASTERISK';
          }
          if (value === '(') return 'PARENOPEN';
          if (value === ')') return 'PARENCLOSE';
          if (lower === 'count') {
            this.count = true;
            return 'COUNT';
          }
          if (value === ',') return 'COMMA';
          return 'COLUMNNAME';
        case 2:
          if (lower !== 'from') return null;
          this.mandatoryState = 3;
          return 'FRM';
        default:
          this.mandatory = false;
          this.optionalState = 0;
          return lower === 'where' ? null : 'TABLENAME';
      }
    }
    if (value === ';') return 'SEMICOLON';
    if (lower === 'order') {
      this.orderBy = true;
      return 'skip';
    }
    if (lower === 'by' && this.orderBy) {
      this.orderBy = false;
      this.optionalState = 1;
    }
    const index = (OPTIONAL_STATES as readonly string[]).indexOf(lower);
    if (index >= 0) this.optionalState = index;
    switch (this.optionalState) {
      case 0:
        return this.where(value.trim(), lower.trim());
      case 1:
        if (!this.orderBy) {
          this.orderBy = true;
          return 'ORDERBY';
        }
        if (value === ',') return 'COMMA';
        if (lower === 'asc') return 'ASC';
        if (lower === 'desc') return 'DESC';
        return 'COLUMNNAME';
      default:
        if (lower === 'limit') return 'LIMIT';
        if (value === '(') return 'PARENOPEN';
        if (value === ')') return 'PARENCLOSE';
        if (value === ',') return 'COMMA';
        return 'VALUE';
    }
  }

  private where(value: string, lower: string): VtqlTokenType | null {
    switch (value) {
      case '=':
        return 'EQ';
      case '<':
        return 'LT';
      case '<=':
        return 'LTE';
      case '>=':
        return 'GTE';
      case '!=':
        return 'NE';
      case '>':
        return 'GT';
      case '(':
        return 'PARENOPEN';
      case ')':
        if (this.inStarted) {
          this.inStarted = false;
          this.whereColumn = false;
        }
        return 'PARENCLOSE';
    }
    if (lower === 'where') return 'WHERE';
    if (lower === 'and') return 'LOGICAL_AND';
    if (lower === 'or') return 'LOGICAL_OR';
    if (!this.whereColumn) {
      this.whereColumn = true;
      return 'COLUMNNAME';
    }
    if (lower === 'in') {
      this.inStarted = true;
      return 'IN';
    }
    if (value === ',') return 'COMMA';
    if (lower === 'like') return 'LIKE';
    if (!this.inStarted) this.whereColumn = false;
    return 'VALUE';
  }
}

/** Splits and classifies a VTQL string. Never throws; see {@link VtqlLexResult.failed}. */
export function lexVtql(input: string): VtqlLexResult {
  const tokens: VtqlToken[] = [];
  const classifier = new Classifier();
  let lastLexeme = '';
  let index = 0;
  while (index < input.length) {
    LEXEME.lastIndex = index;
    const m = LEXEME.exec(input);
    if (!m) return { tokens, failed: true, lastLexeme };
    index = LEXEME.lastIndex;
    lastLexeme = m[0];
    const lexeme = m[1];
    if (lexeme === undefined) continue;
    const type = classifier.classify(lexeme);
    if (type !== 'skip') tokens.push({ type, value: lexeme });
  }
  return { tokens, failed: false, lastLexeme };
}
