// The workers start from a blob: bootstrap, so the page's CSP (its <meta> tag included) binds them
// (docs/ARCHITECTURE.md §12); and the policy the docs tell static hosts to send is the one the app ships.
// @vitest-environment node
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CSP } from '../../vite.config.ts';
import {
  spawnAgreementWorker,
  spawnAnalysisWorker,
  spawnImportWorker,
  spawnModuleWorker,
  spawnSearchWorker,
  spawnTrainWorker,
} from './spawnWorker.ts';

class FakeWorker {
  static made: FakeWorker[] = [];
  constructor(
    readonly url: string | URL,
    readonly options: WorkerOptions,
  ) {
    FakeWorker.made.push(this);
  }
}

describe('spawnModuleWorker', () => {
  beforeEach(() => {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('location', { href: 'https://app.example/rir/index.html' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('starts a module worker from a blob: URL that only imports the worker script, by absolute URL', async () => {
    spawnModuleWorker('assets/x.worker-abc.js', 'x');
    const [w] = FakeWorker.made;
    expect(w!.options).toEqual({ type: 'module', name: 'x' });
    expect(String(w!.url)).toMatch(/^blob:/);
    const blob = await fetch(String(w!.url)).then((r) => r.text());
    expect(blob).toBe('import "https://app.example/rir/assets/x.worker-abc.js";\n');
  });

  it('reuses one bootstrap per script', () => {
    spawnModuleWorker('assets/y.worker.js', 'y');
    spawnModuleWorker('assets/y.worker.js', 'y');
    spawnModuleWorker('assets/z.worker.js', 'z');
    const [a, b, c] = FakeWorker.made.map((w) => String(w.url));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('is how the import, analysis, training, agreement and search workers start', () => {
    for (const spawn of [spawnImportWorker, spawnAnalysisWorker, spawnTrainWorker, spawnAgreementWorker, spawnSearchWorker]) spawn();
    expect(FakeWorker.made.map((w) => [String(w.url).slice(0, 5), w.options.name])).toEqual([
      ['blob:', 'import'],
      ['blob:', 'analysis'],
      ['blob:', 'train'],
      ['blob:', 'agreement'],
      ['blob:', 'search'],
    ]);
  });
});

describe('the Content-Security-Policy', () => {
  it('allows no connection but the app origin, and blob: workers (the bootstrap)', () => {
    const directives = new Map(CSP.split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives.get('connect-src')).toBe("connect-src 'self'");
    expect(directives.get('worker-src')).toBe("worker-src 'self' blob:");
    expect(directives.get('object-src')).toBe("object-src 'none'");
  });

  it('is the one README and ARCHITECTURE §12 give static hosts (text, nginx, Apache, Caddy)', () => {
    const count = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8').split(CSP).length - 1;
    expect(count('README.md')).toBe(1);
    expect(count('docs/ARCHITECTURE.md')).toBe(4);
  });
});
