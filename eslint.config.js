// Lint rules, including the layer boundaries of docs/ARCHITECTURE.md §2 as allow-lists: each folder names the folders
// and npm packages it may import; any other import is an error. Type-only imports are allowed from anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// ---- The allow-lists (docs/ARCHITECTURE.md §2). A folder (`layers`) may always import itself; a single file (`files`)
// only what it lists. Paths are from the repository root: a folder ends with '/', anything else is one file.
// Packages: 'node:' is every Node built-in.
const DOMAIN = 'src/domain/';
const IO = 'src/io/';
const CALIBRATOR = 'src/calibrator/';
const WORKERS = 'src/workers/';
const PERSIST = 'src/persist/';
const STORE = 'src/store/';
const UI = 'src/ui/';
const VIEWS = 'src/views/';
const TEST = 'src/test/';
const REACT = ['react', 'react-dom'];

const layers = [
  { folder: DOMAIN, may: [], packages: ['diff'] },
  { folder: IO, may: [DOMAIN], packages: ['hyparquet', 'hyparquet-compressors'] },
  { folder: CALIBRATOR, may: [DOMAIN], packages: [] },
  { folder: WORKERS, may: [DOMAIN, IO, CALIBRATOR], packages: ['onnxruntime-web'] },
  // Stored records are checked when read back: a stored calibrator's manifest is parsed again (calibrator/manifest.ts).
  { folder: PERSIST, may: [DOMAIN, CALIBRATOR], packages: ['idb'] },
  { folder: STORE, may: [DOMAIN, IO, CALIBRATOR, WORKERS, PERSIST], packages: ['zustand', 'react'] },
  { folder: UI, may: [DOMAIN], packages: [...REACT, 'react-markdown', 'remark-math', 'rehype-katex', 'katex', 'recharts'] },
  // testApi.ts: the Error screen's crash probe for e2e builds (§14).
  { folder: VIEWS, may: [DOMAIN, IO, CALIBRATOR, WORKERS, STORE, UI, 'src/testApi.ts'], packages: [...REACT, '@tanstack/react-virtual'] },
  // Test doubles and fixtures: build stores, databases and workers in-thread; never the screens.
  {
    folder: TEST,
    may: [DOMAIN, IO, CALIBRATOR, WORKERS, PERSIST, STORE],
    packages: ['node:', 'vitest', 'fake-indexeddb', 'onnxruntime-node', ...REACT],
  },
  { folder: 'cli/', may: [DOMAIN, IO, CALIBRATOR], packages: ['node:', 'onnxruntime-node'] },
  {
    folder: 'bench/',
    may: [DOMAIN, IO, CALIBRATOR, WORKERS, 'e2e/', 'vite.config.ts'],
    packages: ['node:', '@playwright/test', 'onnxruntime-node', 'vite'],
  },
  { folder: 'e2e/', may: [DOMAIN, CALIBRATOR], packages: ['node:', '@playwright/test', 'onnxruntime-node'] },
  { folder: 'scripts/', may: ['bench/', 'e2e/'], packages: ['node:', '@playwright/test'] },
];
// What a folder's tests (*.test.ts, *.test.tsx) may import besides what the folder may.
const TESTS = { may: [TEST], packages: ['node:', 'vitest', 'fast-check', 'fake-indexeddb'] };
const testExtras = {
  [IO]: { packages: ['papaparse'] }, // an independent CSV parser to check ours against
  [CALIBRATOR]: { packages: ['ajv', 'onnxruntime-node'] },
  [WORKERS]: { may: [PERSIST, 'vite.config.ts'] }, // fake-indexeddb datasets for the search and training workers
  'cli/': { packages: ['ajv', 'papaparse'] },
};
const union = (...lists) => [...new Set(lists.flat().filter(Boolean))];
const plus = ({ may, packages }, ...more) => ({ may: [...may, ...more], packages });
const layer = (folder) => layers.find((l) => l.folder === folder);
const sourceAllow = (folder) => ({ may: [folder, ...layer(folder).may], packages: layer(folder).packages });
const testAllow = (folder) => ({
  may: union([folder], layer(folder).may, TESTS.may, testExtras[folder]?.may),
  packages: union(layer(folder).packages, TESTS.packages, testExtras[folder]?.packages),
});
// Single files with more (or less) than their folder; these entries override the folder's lists.
const files = [
  // Any other file directly in src/ must be listed here.
  { files: ['src/*'], dir: 'src/', may: [], packages: [] },
  // The composition root: builds the store with the real database and worker clients, mounts the views.
  {
    files: ['src/main.tsx'],
    dir: 'src/',
    may: [DOMAIN, IO, CALIBRATOR, WORKERS, PERSIST, STORE, UI, VIEWS, 'src/testApi.ts'],
    packages: REACT,
  },
  { files: ['src/testApi.ts'], dir: 'src/', may: [DOMAIN, CALIBRATOR, WORKERS, STORE], packages: [] },
  // The search and training workers' entries open the database themselves (read only), so the text never crosses
  // to the page (§5.5, §5.6).
  { files: ['src/workers/search.worker.ts', 'src/workers/train.worker.ts'], dir: WORKERS, ...plus(sourceAllow(WORKERS), PERSIST) },
  // Whole-pipeline tests: line ends through cli apply's chunked read; hostile keys through Train's settings too.
  { files: ['src/io/lineEnds.test.ts'], dir: IO, ...plus(testAllow(IO), 'cli/') },
  { files: ['src/io/hostileKeys.test.ts'], dir: IO, ...plus(testAllow(IO), CALIBRATOR) },
];

// ---- How the allow-lists are enforced: @typescript-eslint/no-restricted-imports (import and export ... from; not
// dynamic import()) with one regular expression per kind of specifier, each matching what is NOT allowed. A relative
// specifier names a folder only given the importing file's depth, so each folder gets one config per depth below it.
const MAX_DEPTH = 4;
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SEG = '(?!\\.\\.?(?:/|$))[^/]+'; // a path segment other than '.' and '..'
const parts = (p) => p.split('/').filter(Boolean);

/** Regex alternatives for the relative specifiers that, from a file `depth` folders below `dir`, reach `target`. */
function reaching(dir, depth, target) {
  const d = parts(dir);
  const t = parts(target);
  const isFolder = target.endsWith('/');
  const out = [];
  for (let up = 0; up <= depth + d.length; up++) {
    const prefix = up === 0 ? '\\./' : `(?:\\.\\./){${up}}(?!\\.\\./)`;
    if (up < depth) {
      // Still in a folder below `dir`: reaches `target` only when `target` holds `dir`.
      if (isFolder && d.length >= t.length && t.every((s, i) => d[i] === s)) out.push(prefix);
      continue;
    }
    const base = d.slice(0, d.length - (up - depth)); // the folder this many levels up: `dir` or one above it
    if (isFolder && base.length >= t.length && t.every((s, i) => base[i] === s)) out.push(prefix);
    else if (base.length < t.length && base.every((s, i) => t[i] === s)) {
      out.push(prefix + esc(t.slice(base.length).join('/')) + (isFolder ? '/' : '(?:\\?|$)'));
    }
  }
  return out;
}

function allowRule({ dir, depth, may, packages, who }) {
  const rel = [...new Set(may.flatMap((t) => reaching(dir, depth, t)))];
  const pkg = packages.map((p) => (p.endsWith(':') ? esc(p) : `${esc(p)}(?:/|\\?|$)`));
  return {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^(?!${rel.length ? `(?:${rel.join('|')})` : '(?!)'})\\.\\.?(?:/|$)`,
            allowTypeImports: true,
            message: `${who} may import ${may.length ? `only from ${may.join(', ')}` : 'nothing'} (types from anywhere): docs/ARCHITECTURE.md §2, allow-lists in eslint.config.js`,
          },
          {
            regex: `^(?!\\.${pkg.map((p) => `|${p}`).join('')})`,
            allowTypeImports: true,
            message: `${who} may use ${packages.length ? `only the packages ${packages.join(', ')}` : 'no package'} (types from any): docs/ARCHITECTURE.md §2, allow-lists in eslint.config.js`,
          },
          {
            regex: `^(?!(?:\\./|(?:\\.\\./)+)(?:${SEG}/)*${SEG}$)\\.`,
            message: 'relative imports are written without ./ or ../ after the first folder name, so the allow-lists can read them',
          },
        ],
      },
    ],
  };
}

const layerConfigs = layers.flatMap(({ folder }) => {
  const configs = [];
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const at = folder + '*/'.repeat(depth);
    configs.push({ files: [`${at}*`], rules: allowRule({ dir: folder, depth, ...sourceAllow(folder), who: folder }) });
    configs.push({
      files: [`${at}*.test.ts`, `${at}*.test.tsx`],
      rules: allowRule({ dir: folder, depth, ...testAllow(folder), who: `tests in ${folder}` }),
    });
  }
  configs.push({
    files: [`${folder}${'*/'.repeat(MAX_DEPTH + 1)}**`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^', message: `nest at most ${MAX_DEPTH} folders below ${folder}, or raise MAX_DEPTH in eslint.config.js` }],
        },
      ],
    },
  });
  return configs;
});
const fileConfigs = files.map(({ files, dir, may, packages }) => ({
  files,
  rules: allowRule({ dir, depth: 0, may, packages, who: files.join(' and ') }),
}));

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
  ...layerConfigs,
  ...fileConfigs,
  { files: ['cli/**', 'bench/**', 'e2e/**', 'scripts/**', '.ci/**'], rules: { 'no-console': 'off' } },
);
