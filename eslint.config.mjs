// @ts-check
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '.tools/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      // A forgotten `await` on an activity or a client call is a real bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      // Packages are imported by name through their guarded `exports`, never by deep path or across folders.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@vtiger-temporal/*/*'], message: 'Import packages by name; deep imports are not exported.' },
            {
              group: ['../../packages/*', '../../apps/*', '../../../*'],
              message: 'No relative imports across packages.',
            },
          ],
        },
      ],
      'no-console': 'off',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox.
    files: ['packages/workflows/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflow code cannot use Node built-ins.' },
            { group: ['undici', 'undici/*'], message: 'Workflow code never touches the network.' },
            { group: ['@vtiger-temporal/*/*'], message: 'Import packages by name.' },
          ],
          paths: [
            'fs',
            'path',
            'os',
            'http',
            'https',
            'net',
            'crypto',
            'child_process',
            'timers',
            {
              name: '@vtiger-temporal/vtiger-client',
              message: 'Type-only imports of the client.',
              allowTypeImports: true,
            },
            {
              name: '@vtiger-temporal/activities',
              message: 'Type-only imports of activities (proxyActivities).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
