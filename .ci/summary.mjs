// Prints the CI summary from reports/vitest.json and reports/playwright.json: explanatory lines
// first, then exactly one last line "N passed, N failed". Exit code 1 when anything failed, a
// report is missing, or `npm test` / the setup failed. Usage: node .ci/summary.mjs [testStatus] [setupStatus]
import { existsSync, readFileSync } from 'node:fs';

const [testStatus = 0, setupStatus = 0] = process.argv.slice(2).map(Number);
const notes = [];
let passed = 0;
let failed = 0;

function readReport(file, what) {
  if (!existsSync(file)) {
    notes.push(`${file} is missing: ${what} did not run or did not finish (an earlier step failed); counted as 1 failed`);
    failed += 1;
    return null;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    notes.push(`${file} is not valid JSON (${e.message}); counted as 1 failed`);
    failed += 1;
    return null;
  }
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

const vitest = readReport('reports/vitest.json', 'the unit tests (npm run test:unit)');
if (vitest) {
  const p = num(vitest.numPassedTests);
  let f = num(vitest.numFailedTests);
  // A suite that fails to load has no failed *tests*; count each such suite once.
  const brokenSuites = vitest.success === false && f === 0 ? Math.max(1, num(vitest.numFailedTestSuites)) : 0;
  if (brokenSuites > 0) notes.push(`vitest: ${brokenSuites} test file(s) failed to run; counted as failed`);
  f += brokenSuites;
  notes.push(`vitest: ${p} passed, ${f} failed`);
  passed += p;
  failed += f;
}

const pw = readReport('reports/playwright.json', 'the e2e tests (npm run test:e2e)');
if (pw) {
  const s = pw.stats ?? {};
  const p = num(s.expected);
  // Retries are off; a test that only passed on retry would still be a failure (tests must be deterministic).
  const flaky = num(s.flaky);
  let f = num(s.unexpected) + flaky;
  const globalErrors = Array.isArray(pw.errors) ? pw.errors.length : 0;
  if (globalErrors > 0 && f === 0) {
    notes.push(`playwright: ${globalErrors} error(s) outside tests (e.g. web server, config); counted as failed`);
    f += globalErrors;
  }
  for (const e of (pw.errors ?? []).slice(0, 3)) notes.push(`playwright error: ${String(e.message ?? e).split('\n')[0]}`);
  notes.push(`playwright: ${p} passed, ${f} failed${flaky ? ` (${flaky} flaky)` : ''}${num(s.skipped) ? `, ${num(s.skipped)} skipped` : ''}`);
  passed += p;
  failed += f;
}

if (setupStatus !== 0) notes.push(`setup (apt-get / npm ci) failed with exit code ${setupStatus}`);
if (testStatus !== 0) notes.push(`npm test exited with code ${testStatus}`);

for (const n of notes) console.log(n);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || testStatus !== 0 || setupStatus !== 0 ? 1 : 0);
