import {
  buildCountQuery,
  buildKeysetPageQuery,
  buildOffsetPageQuery,
  quoteVtqlString,
  VtigerConfigError,
  vtql,
  VTQL_MAX_LIMIT,
} from '@vtiger-temporal/vtiger-client';

describe('quoteVtqlString', () => {
  test("doubles quotes (the VTQL lexer reads '(?:[^']|'')+') and backslashes (MySQL reads escapes)", () => {
    expect(quoteVtqlString("O'Brien")).toBe("'O''Brien'");
    expect(quoteVtqlString('a\\b')).toBe("'a\\\\b'");
    expect(quoteVtqlString("\\'")).toBe("'\\\\'''");
    expect(quoteVtqlString("''")).toBe("''''''");
  });

  test('refuses the empty string, which the VTQL lexer cannot read', () => {
    expect(() => quoteVtqlString('')).toThrow(/empty string/);
  });

  test('quotes numbers as strings and refuses non-finite values', () => {
    expect(quoteVtqlString(42)).toBe("'42'");
    expect(() => quoteVtqlString(Number.NaN)).toThrow(VtigerConfigError);
    expect(() => quoteVtqlString({} as unknown as string)).toThrow(VtigerConfigError);
  });

  test('an injection attempt stays inside one literal', () => {
    const q = vtql.select('Contacts', { where: { field: 'lastname', op: '=', value: "x' OR '1'='1" } });
    expect(q).toBe("SELECT * FROM Contacts WHERE lastname = 'x'' OR ''1''=''1';");
  });
});

describe('identifiers', () => {
  test.each(['contacts; DROP', 'Con tacts', "Contacts'", '1Contacts', 'a.b', '', 'Contacts,Accounts'])(
    'module %j is refused with VtigerConfigError',
    (name) => {
      expect(() => vtql.select(name)).toThrow(VtigerConfigError);
    },
  );

  test('column names are validated too, in fields, WHERE and ORDER BY', () => {
    expect(() => vtql.select('Contacts', { fields: ['id', 'last name'] })).toThrow(/not allowed/);
    expect(() => vtql.select('Contacts', { where: { field: 'x;', op: '=', value: 1 } })).toThrow(VtigerConfigError);
    expect(() => vtql.select('Contacts', { orderBy: 'id DESC' })).toThrow(VtigerConfigError);
    expect(vtql.select('Contacts', { fields: ['id', 'cf_901', '_x'] })).toBe('SELECT id,cf_901,_x FROM Contacts;');
  });
});

describe('select', () => {
  test('always ends with the mandatory semicolon', () => {
    expect(vtql.select('Contacts')).toBe('SELECT * FROM Contacts;');
    expect(buildCountQuery('Accounts')).toBe('SELECT count(*) FROM Accounts;');
  });

  test('joins conditions with AND and supports every operator, IN with a list', () => {
    const q = vtql.select('Contacts', {
      fields: ['id'],
      where: [
        { field: 'lastname', op: 'LIKE', value: 'A%' },
        { field: 'id', op: '>', value: '12x5' },
        { field: 'assigned_user_id', op: 'IN', value: ['19x1', '19x5'] },
        { field: 'a', op: '<=', value: 3 },
        { field: 'b', op: '>=', value: 3 },
        { field: 'c', op: '!=', value: 'z' },
        { field: 'd', op: '<', value: 1 },
      ],
    });
    expect(q).toBe(
      "SELECT id FROM Contacts WHERE lastname LIKE 'A%' AND id > '12x5' AND assigned_user_id IN ('19x1','19x5') AND a <= '3' AND b >= '3' AND c != 'z' AND d < '1';",
    );
  });

  test('refuses operators VTQL does not have', () => {
    expect(() => vtql.select('Contacts', { where: { field: 'a', op: '<>' as '=', value: 1 } })).toThrow(
      /not supported/,
    );
    expect(() => vtql.select('Contacts', { where: { field: 'a', op: 'IN', value: [] } })).toThrow(/non-empty/);
  });

  test('writes LIMIT offset,count (VTQL has no OFFSET) and caps the count at 100', () => {
    expect(vtql.select('Contacts', { orderBy: 'id', limit: 100, offset: 200 })).toBe(
      'SELECT * FROM Contacts ORDER BY id LIMIT 200,100;',
    );
    expect(vtql.select('Contacts', { orderBy: ['modifiedtime', 'id'], descending: true, limit: 5 })).toBe(
      'SELECT * FROM Contacts ORDER BY modifiedtime,id DESC LIMIT 5;',
    );
    expect(() => vtql.select('Contacts', { limit: 101 })).toThrow(/at most 100 rows/);
    expect(() => vtql.select('Contacts', { offset: 5 })).toThrow(/needs a limit/);
    expect(() => vtql.select('Contacts', { limit: 10, offset: -1 })).toThrow(VtigerConfigError);
    expect(VTQL_MAX_LIMIT).toBe(100);
  });
});

describe('page queries', () => {
  test('keyset: first page has no id condition, later pages start after the cursor, ordered by id', () => {
    expect(buildKeysetPageQuery('Contacts')).toBe('SELECT * FROM Contacts ORDER BY id LIMIT 100;');
    expect(buildKeysetPageQuery('Contacts', { after: '12x345' })).toBe(
      "SELECT * FROM Contacts WHERE id > '12x345' ORDER BY id LIMIT 100;",
    );
    expect(
      buildKeysetPageQuery('Contacts', {
        after: '12x345',
        pageSize: 50,
        fields: ['lastname'],
        where: { field: 'modifiedtime', op: '>=', value: '2026-01-01 00:00:00' },
      }),
    ).toBe(
      "SELECT id,lastname FROM Contacts WHERE id > '12x345' AND modifiedtime >= '2026-01-01 00:00:00' ORDER BY id LIMIT 50;",
    );
  });

  test('keyset refuses a cursor that is not a webservice id and page sizes outside 1..100', () => {
    expect(() => buildKeysetPageQuery('Contacts', { after: "1' OR '1" })).toThrow(/webservice id/);
    expect(() => buildKeysetPageQuery('Contacts', { pageSize: 0 })).toThrow(VtigerConfigError);
    expect(() => buildKeysetPageQuery('Contacts', { pageSize: 101 })).toThrow(/at most 100/);
  });

  test('a raw WHERE with OR is refused for paging (no parentheses in VTQL), OR inside a literal is fine', () => {
    expect(() => buildKeysetPageQuery('Contacts', { where: "lastname = 'a' OR lastname = 'b'" })).toThrow(/OR/);
    expect(buildKeysetPageQuery('Contacts', { where: "lastname = 'x OR y'" })).toBe(
      "SELECT * FROM Contacts WHERE lastname = 'x OR y' ORDER BY id LIMIT 100;",
    );
  });

  test('offset pages use ORDER BY id LIMIT offset,n', () => {
    expect(buildOffsetPageQuery('Accounts', { offset: 300, pageSize: 100 })).toBe(
      'SELECT * FROM Accounts ORDER BY id LIMIT 300,100;',
    );
    expect(buildOffsetPageQuery('Accounts')).toBe('SELECT * FROM Accounts ORDER BY id LIMIT 0,100;');
    expect(buildOffsetPageQuery('Accounts', { fields: ['accountname'], offset: 100 })).toBe(
      'SELECT id,accountname FROM Accounts ORDER BY id LIMIT 100,100;',
    );
  });

  test('offset pages take a cursor like keyset pages: id > after pins the start, checked the same way', () => {
    expect(
      buildOffsetPageQuery('Accounts', {
        after: '11x5',
        offset: 200,
        pageSize: 50,
        where: { field: 'accountname', op: 'LIKE', value: 'A%' },
      }),
    ).toBe("SELECT * FROM Accounts WHERE id > '11x5' AND accountname LIKE 'A%' ORDER BY id LIMIT 200,50;");
    expect(() => buildOffsetPageQuery('Accounts', { after: "1' OR '1" })).toThrow(/webservice id/);
    expect(() => buildOffsetPageQuery('Accounts', { after: '11x5', where: "a = 'b' OR c = 'd'" })).toThrow(/OR/);
  });
});
