import { parseVtql, VtqlLexError, VtqlSyntaxError } from '@vtiger-temporal/vtiger-sim';

const syntaxError = (q: string): string => {
  try {
    parseVtql(q);
  } catch (error) {
    if (error instanceof VtqlSyntaxError) return error.message;
    throw error;
  }
  throw new Error(`parsed: ${q}`);
};

describe('accepted grammar', () => {
  test('select list, module, where chain, order, limit', () => {
    const q = parseVtql(
      "select id, lastname FROM Contacts WHERE lastname LIKE 'M%' and modifiedtime >= '2024-01-01 00:00:00' or id IN ('12x1','12x2') ORDER BY lastname, id DESC LIMIT 10, 20;",
    );
    expect(q.select).toEqual({ kind: 'columns', columns: ['id', 'lastname'] });
    expect(q.module).toBe('Contacts');
    expect(q.where?.conditions.map((c) => [c.column, c.operator, c.values.map((v) => v.text)])).toEqual([
      ['lastname', 'LIKE', ['M%']],
      ['modifiedtime', '>=', ['2024-01-01 00:00:00']],
      ['id', 'IN', ['12x1', '12x2']],
    ]);
    expect(q.where?.connectors).toEqual(['AND', 'OR']);
    expect(q.orderBy).toEqual(['lastname', 'id']);
    expect(q.sortOrder).toBe('DESC');
    expect(q.limit).toEqual({ offset: '10', count: '20' });
  });

  test('* and count(*) forms, keywords in any case, single LIMIT', () => {
    expect(parseVtql('SELECT * FROM Accounts;').select).toEqual({ kind: 'all' });
    expect(parseVtql('SeLeCt CoUnT(*) fRoM Accounts LiMiT 5;')).toMatchObject({
      select: { kind: 'count' },
      limit: { offset: null, count: '5' },
    });
  });

  test('doubled single quotes inside a string are one quote; unquoted numbers are values', () => {
    const q = parseVtql("SELECT id FROM Contacts WHERE lastname = 'O''Brien' AND id > 5;");
    expect(q.where?.conditions[0]?.values[0]).toEqual({ raw: "'O''Brien'", quoted: true, text: "O'Brien" });
    expect(q.where?.conditions[1]?.values[0]).toEqual({ raw: '5', quoted: false, text: '5' });
  });

  test('the module name is reported to onTable once the next token is accepted', () => {
    const seen: string[] = [];
    parseVtql('SELECT * FROM Leads WHERE id > 1;', { onTable: (m) => seen.push(m) });
    expect(seen).toEqual(['Leads']);
  });
});

describe('rejected grammar, with the server-shaped messages', () => {
  test('missing semicolon', () => {
    expect(syntaxError('SELECT * FROM Contacts')).toBe(
      "Syntax Error on line 1: token 'Contacts' Unexpected End of Input(0), expected one of: SEMICOLON",
    );
  });

  test('OFFSET is lexed as a VALUE after LIMIT n (observed message)', () => {
    expect(syntaxError('SELECT id FROM Contacts LIMIT 3 OFFSET 5;')).toBe(
      "Syntax Error on line 1: token 'OFFSET' Unexpected VALUE(OFFSET), expected one of: SEMICOLON",
    );
  });

  test('no parentheses around conditions', () => {
    expect(syntaxError("SELECT id FROM Contacts WHERE (lastname = 'x');")).toMatch(
      /^Syntax Error on line 1: token '\(' Unexpected PARENOPEN\(\(\), expected one of: COLUMNNAME$/,
    );
  });

  test('a word that is not SELECT is Unknown', () => {
    expect(syntaxError('FETCH * FROM Contacts;')).toBe(
      "Syntax Error on line 1: token 'FETCH' Unexpected Unknown(FETCH), expected one of: SELECT",
    );
  });

  test('<> is two tokens, so it is rejected', () => {
    expect(syntaxError("SELECT id FROM Contacts WHERE lastname <> 'x';")).toMatch(/Unexpected GT\(>\)/);
  });

  test('a second statement after the semicolon', () => {
    expect(syntaxError('SELECT id FROM Contacts;;')).toMatch(/Unexpected SEMICOLON\(;\), expected one of: SELECT$/);
  });

  test('a column list after * is not allowed', () => {
    expect(syntaxError('SELECT *, id FROM Contacts;')).toMatch(/Unexpected Unknown\(,\), expected one of: FRM,COMMA$/);
  });

  test('double quotes cannot be lexed at all (the server reports an unknown error)', () => {
    expect(() => parseVtql('SELECT id FROM Contacts WHERE lastname = "x";')).toThrow(VtqlLexError);
  });

  test('an empty string literal cannot be lexed either', () => {
    expect(() => parseVtql("SELECT id FROM Contacts WHERE lastname = '';")).toThrow(VtqlLexError);
  });

  test('a syntax error before the bad character wins over the lexer failure', () => {
    expect(syntaxError('SELECT id id FROM Contacts WHERE x = "y";')).toMatch(/Unexpected COLUMNNAME\(id\)/);
  });
});
