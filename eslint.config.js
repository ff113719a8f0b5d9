// Lint rules, including the layer boundaries described in docs/ARCHITECTURE.md §2 (type-only imports are allowed).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noImport = (...groups) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: groups.map((g) => ({ group: g.group, message: g.message, allowTypeImports: true })) },
  ],
});
const react = { group: ['react', 'react-dom', 'react/*', 'react-dom/*'], message: 'pure layer: no React' };
const store = { group: ['**/store/*', '**/store/**'], message: 'this layer must not read the store' };
const views = { group: ['**/views/**'], message: 'nothing imports views/' };
const persist = { group: ['**/persist/**', 'idb'], message: 'this layer must not touch IndexedDB' };

export default tseslint.config(
  { ignores: ['dist', 'dist-e2e', 'dist-e2e-*', 'node_modules', 'test-results', 'playwright-report', 'reports', 'bench/out'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src/domain/**'],
    rules: noImport(react, store, views, persist, {
      group: ['**/io/**', '**/ui/**', '**/workers/**', '**/calibrator/**'],
      message: 'domain imports only itself',
    }),
  },
  { files: ['src/io/**', 'src/calibrator/**'], rules: noImport(react, store, views, persist) },
  { files: ['src/workers/**'], rules: noImport(react, store, views, persist) },
  // The search and training workers' entries open the database themselves (read only), so the text never crosses
  // to the page (§5.6); their tests build datasets in fake-indexeddb.
  {
    files: ['src/workers/search.worker.ts', 'src/workers/train.worker.ts', 'src/workers/*.test.ts'],
    rules: noImport(react, store, views),
  },
  { files: ['src/persist/**'], rules: noImport(react, store, views) },
  { files: ['src/store/**'], rules: noImport(views) },
  { files: ['src/ui/**'], rules: noImport(store, views, persist) },
  { files: ['src/views/**'], rules: noImport(persist) },
  { files: ['cli/**', 'bench/**', 'e2e/**', 'scripts/**', '.ci/**'], rules: { 'no-console': 'off' } },
);
