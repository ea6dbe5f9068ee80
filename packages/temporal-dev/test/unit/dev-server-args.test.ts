import { devServerArgs } from '@vtiger-temporal/temporal-dev';

const ports = { port: 7233, httpPort: 7243, metricsPort: 7253 };

test('always binds loopback and turns off the version check', () => {
  const args = devServerArgs({ cliPath: 'temporal', ...ports });
  expect(args.slice(0, 2)).toEqual(['server', 'start-dev']);
  expect(args).toEqual(expect.arrayContaining(['--ip', '127.0.0.1', '--port', '7233']));
  const i = args.indexOf('frontend.enableServerVersionCheck=false');
  expect(args[i - 1]).toBe('--dynamic-config-value');
  expect(args).toContain('--headless');
});

test('UI, db file, search attributes and dynamic config become flags', () => {
  const args = devServerArgs({
    cliPath: 'temporal',
    ...ports,
    ui: true,
    uiPort: 8233,
    dbFilename: '/tmp/x.db',
    searchAttributes: { VtigerConnection: 'Keyword', VtigerRecordsSynced: 'Int' },
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 50 },
  });
  expect(args).not.toContain('--headless');
  expect(args.join(' ')).toContain('--ui-port 8233');
  expect(args.join(' ')).toContain('--db-filename /tmp/x.db');
  expect(args.join(' ')).toContain('--search-attribute VtigerConnection=Keyword');
  expect(args.join(' ')).toContain('--search-attribute VtigerRecordsSynced=Int');
  expect(args.join(' ')).toContain('--dynamic-config-value limit.historyCount.suggestContinueAsNew=50');
});
