import { VtigerClient, VtigerConfigError } from '@vtiger-temporal/vtiger-client';

const base = { url: 'http://127.0.0.1:1/vtiger', username: 'admin', accessKey: 'qyLG6ozhEnY22Sox' };

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VtigerConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a VtigerConfigError');
}

test('accepts the site URL or the webservice.php URL and normalises to the endpoint', async () => {
  const cases: [string, string][] = [
    ['http://crm.example.com', 'http://crm.example.com/webservice.php'],
    ['http://crm.example.com/', 'http://crm.example.com/webservice.php'],
    ['https://crm.example.com/vtiger/', 'https://crm.example.com/vtiger/webservice.php'],
    ['https://crm.example.com/vtiger/webservice.php', 'https://crm.example.com/vtiger/webservice.php'],
    ['http://127.0.0.1:8080/webservice.php/', 'http://127.0.0.1:8080/webservice.php'],
  ];
  for (const [url, endpoint] of cases) {
    const client = new VtigerClient({ ...base, url });
    expect(client.endpoint).toBe(endpoint);
    await client.close();
  }
});

test('refuses non-http URLs, credentials, query strings and other PHP files with actionable messages', () => {
  expect(messageOf(() => new VtigerClient({ ...base, url: 'ftp://crm.example.com' }))).toMatch(
    /options\.url must use http:\/\/ or https:\/\//,
  );
  expect(messageOf(() => new VtigerClient({ ...base, url: 'not a url' }))).toMatch(/not a valid URL/);
  const withCreds = messageOf(() => new VtigerClient({ ...base, url: 'http://admin:s3cretpw@crm.example.com' }));
  expect(withCreds).toMatch(/must not contain credentials/);
  expect(withCreds).not.toContain('s3cretpw');
  expect(messageOf(() => new VtigerClient({ ...base, url: 'http://crm.example.com/?x=1' }))).toMatch(/query string/);
  expect(messageOf(() => new VtigerClient({ ...base, url: 'http://crm.example.com/index.php' }))).toMatch(
    /site URL or its webservice\.php/,
  );
  expect(messageOf(() => new VtigerClient({ ...base, url: '' }))).toMatch(/options\.url is required/);
});

test('validates username, accessKey, timeouts, retry settings, dispatcher and logger', () => {
  expect(messageOf(() => new VtigerClient({ ...base, username: '' }))).toMatch(/options\.username is required/);
  const badKey = messageOf(() => new VtigerClient({ ...base, accessKey: '' }));
  expect(badKey).toMatch(/options\.accessKey must be a non-empty string/);
  expect(messageOf(() => new VtigerClient({ ...base, timeoutMs: 0 }))).toMatch(
    /options\.timeoutMs must be a number from 1/,
  );
  expect(messageOf(() => new VtigerClient({ ...base, retry: { maxRetries: 1.5 } }))).toMatch(
    /options\.retry\.maxRetries must be a whole number/,
  );
  expect(messageOf(() => new VtigerClient({ ...base, retry: { maxRetries: -1 } }))).toMatch(/from 0 to 10/);
  expect(messageOf(() => new VtigerClient({ ...base, retry: { baseDelayMs: 500, maxDelayMs: 100 } }))).toMatch(
    /options\.retry\.maxDelayMs must be a number from 500/,
  );
  expect(messageOf(() => new VtigerClient({ ...base, loginRetry: { maxAttempts: 0 } }))).toMatch(
    /options\.loginRetry\.maxAttempts must be a whole number from 1/,
  );
  expect(messageOf(() => new VtigerClient({ ...base, dispatcher: {} as never }))).toMatch(/undici Dispatcher/);
  expect(messageOf(() => new VtigerClient({ ...base, logger: { debug: 'yes' } as never }))).toMatch(
    /options\.logger\.debug must be a function/,
  );
});

test('unknown options are refused, with a hint for a mis-cased name', () => {
  expect(messageOf(() => new VtigerClient({ ...base, accesskey: 'x' } as never))).toMatch(
    /unknown option options\.accesskey \(did you mean options\.accessKey\?\)/,
  );
  expect(messageOf(() => new VtigerClient({ ...base, retry: { retries: 3 } } as never))).toMatch(
    /unknown option options\.retry\.retries/,
  );
});

test('accessKey is optional until login, which then says what is missing', async () => {
  const client = new VtigerClient({ url: base.url, username: 'admin' });
  await expect(client.login()).rejects.toThrow(/login needs options\.accessKey/);
  await client.close();
});

test('session() needs a session name; per-call options are validated', async () => {
  const client = new VtigerClient(base);
  expect(() => client.session({ sessionName: '' })).toThrow(VtigerConfigError);
  const session = client.session({ sessionName: 'abc123abc123' });
  await expect(session.query('SELECT * FROM Contacts;', { timeoutMs: -5 })).rejects.toThrow(/timeoutMs must be/);
  await expect(session.sync(0)).rejects.toThrow(/modifiedTime must be a whole number of Unix seconds ≥ 1/);
  await expect(session.retrieve('')).rejects.toThrow(VtigerConfigError);
  await client.close();
  await expect(session.listTypes()).rejects.toThrow(/was closed/);
});
