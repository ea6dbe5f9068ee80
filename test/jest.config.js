/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }] },
  // One dev server per test run, started before any suite and stopped after all of them.
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 120_000,
  // End-to-end suites share one server and a 2-core machine: run files one after another.
  maxWorkers: 1,
  // The worker's native bridge keeps a handle open after shutdown (known SDK issue).
  forceExit: true,
};
