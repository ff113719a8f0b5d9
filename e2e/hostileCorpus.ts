// The hostile corpus (issue 14): every file the adversarial audit broke the app with, and more, each
// with what the app must do with it. `npm run hostile-corpus` writes the files to e2e/data/hostile/
// and its README table; e2e/hostile-corpus.spec.ts imports them one by one and opens every screen.
// Node only (Buffer); no app code: the expectations are written out by hand from the cases.

export interface DatasetCase {
  kind: 'dataset';
  file: string;
  /** What the file holds, for the README table. */
  holds: string;
  /** What the app does with it, for the README table. */
  behaviour: string;
  bytes: () => Buffer;
  /** A table file: the guessed column mapping is confirmed as a user would. */
  mapping?: boolean;
  /** Examples imported (the summary's "Imported N examples"). */
  imported: number;
  /** Lines rejected; 0 when absent. */
  rejected?: number;
  /** Each rejected line's text (in order), when given. */
  rejectedLines?: RegExp[];
  /** A warning shown under "N warnings (imported anyway)". */
  warning?: RegExp;
  /** Nothing imported: the reason shown ("No dataset was created: …"). */
  emptyReason?: RegExp;
}

export interface LabelCase {
  kind: 'labels';
  file: string;
  holds: string;
  behaviour: string;
  bytes: () => Buffer;
  /** The dataset file of this corpus the labels are for. */
  dataset: string;
  /** The label import's status line. */
  status: RegExp;
  /** Each rejected line's text (in order), when given. */
  rejectedLines?: RegExp[];
}

export type HostileCase = DatasetCase | LabelCase;

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const jsonl = (records: readonly unknown[], end = '\n') => records.map((r) => JSON.stringify(r)).join(end) + end;

/** A canonical example on the scale 1–5: `versions` × 3 rollouts with reasoning, a target, a split. */
function example(id: string, i: number, versions: readonly string[] = ['v1', 'v2'], extra: Record<string, unknown> = {}) {
  return {
    id,
    input: `Question ${i}: is the reply helpful?`,
    target: 1 + ((i * 7) % 5),
    split: ['train', 'train', 'val', 'test'][i % 4],
    rollouts: versions.flatMap((prompt, k) =>
      [0, 1, 2].map((r) => ({
        prompt,
        score: 1 + ((i + k + r) % 5),
        reasoning: `${prompt} rollout ${r}: the reply covers point ${i % 3}.`,
      })),
    ),
    ...extra,
  };
}

const header = (name: string, scale: Record<string, unknown> = { min: 1, max: 5, step: 1 }) => ({ rir_dataset: { name, scale } });
const examples = (n: number, prefix = 'ex') => Array.from({ length: n }, (_, i) => example(`${prefix}-${i}`, i));

/** UTF-16 bytes of `text` (LE, or BE by swapping each code unit's bytes), with or without a BOM. */
function utf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf16le');
  if (order === 'le') return le;
  const be = Buffer.alloc(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
}

/** A CSV of `rows` rows (one rollout each, ids item-1…), every tenth rationale quoted with a comma. */
function csvRows(rows: number, broken: (row: number) => string | null): string {
  const out = ['item_id,question,gold,prompt_version,judge_score,rationale'];
  for (let r = 1; r <= rows; r++) {
    const rationale = r % 10 === 0 ? `"covers points ${r % 3}, and ${r % 4}"` : `covers point ${r % 3}`;
    out.push(broken(r) ?? `item-${r},question ${r},${1 + (r % 5)},v1,${1 + ((r * 3) % 5)},${rationale}`);
  }
  return out.join('\n') + '\n';
}

const TOKEN_300K = 'A'.repeat(300_000);
const TOKEN_1M = 'B'.repeat(1_000_000);
const DEPTH = 10_000;

const datasetCases: DatasetCase[] = [
  {
    kind: 'dataset',
    file: 'proto-versions.jsonl',
    holds: 'prompt versions named `__proto__`, `constructor`, `toString`; a header prompt text only for `constructor`',
    behaviour: 'ordinary names: 12 examples, every screen opens and shows them',
    bytes: () => {
      const h = header('proto versions');
      const prompts: Record<string, string> = {};
      Object.defineProperty(prompts, 'constructor', { value: 'The constructor prompt', enumerable: true });
      Object.assign(h.rir_dataset, { prompts });
      return utf8(jsonl([h, ...Array.from({ length: 12 }, (_, i) => example(`pv-${i}`, i, ['__proto__', 'constructor', 'toString']))]));
    },
    imported: 12,
  },
  {
    kind: 'dataset',
    file: 'proto-ids.jsonl',
    holds: 'example ids `__proto__`, `constructor`, `hasOwnProperty`, `toString`, `valueOf`; a `meta` with a `__proto__` key',
    behaviour: 'ordinary ids: 10 examples',
    bytes: () => {
      const ids = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'ex-5', 'ex-6', 'ex-7', 'ex-8', 'ex-9'];
      const lines = ids.map((id, i) => JSON.stringify(example(id, i)).replace(/}$/, ',"meta":{"__proto__":{"polluted":true},"k":1}}'));
      return utf8([JSON.stringify(header('proto ids')), ...lines].join('\n') + '\n');
    },
    imported: 10,
  },
  {
    kind: 'dataset',
    file: 'lone-surrogate-ids.jsonl',
    holds: 'ids holding lone surrogates (`"\\ud800"`, `"a\\udfffb"`, `"\\ud83d"`) beside 5 plain ids',
    behaviour: 'imported; routes encode the ids losslessly, every screen opens',
    bytes: () => {
      const odd = ['\\ud800', 'a\\udfffb', '\\ud83d'];
      const lines = odd.map((raw, i) => JSON.stringify(example('@', i)).replace('"id":"@"', `"id":"${raw}"`));
      return utf8([JSON.stringify(header('lone surrogates')), ...lines, ...examples(5).map((e) => JSON.stringify(e))].join('\n') + '\n');
    },
    imported: 8,
  },
  {
    kind: 'dataset',
    file: 'long-token-input.jsonl',
    holds: 'an input of one unbroken 300 KB token',
    behaviour: 'a bounded prefix with "Show all"; Example and Annotate paint at once',
    bytes: () => utf8(jsonl([header('long input'), { ...example('long-input', 0), input: TOKEN_300K }, ...examples(3)])),
    imported: 4,
  },
  {
    kind: 'dataset',
    file: 'long-token-reasoning.jsonl',
    holds: 'a reasoning of one unbroken 1 MB token',
    behaviour: 'a bounded prefix with "Show all"; Example and Annotate paint at once',
    bytes: () => {
      const ex = example('long-reasoning', 0);
      ex.rollouts[0]!.reasoning = TOKEN_1M;
      return utf8(jsonl([header('long reasoning'), ex, ...examples(3)]));
    },
    imported: 4,
  },
  {
    kind: 'dataset',
    file: 'deep-input.jsonl',
    holds: 'an input nested 10,000 levels deep (JSON objects) and a Markdown quote 10,000 levels deep',
    behaviour: 'the depth shown is bounded ("… N more levels"); no stack overflow',
    bytes: () => {
      const deep = `{"tree":${'{"a":'.repeat(DEPTH)}"bottom"${'}'.repeat(DEPTH)}}`;
      const ex = JSON.stringify(example('deep', 0)).replace(/"input":"[^"]*"/, `"input":${deep}`);
      return utf8(
        [JSON.stringify(header('deep')), ex, JSON.stringify({ ...example('quote', 1), input: `${'>'.repeat(DEPTH)} deep` })].join('\n') +
          '\n',
      );
    },
    imported: 2,
  },
  {
    kind: 'dataset',
    file: 'cr-only.jsonl',
    holds: '10,000 examples with CR-only line ends (classic Mac)',
    behaviour: 'CR is a line end: all 10,000 imported',
    bytes: () =>
      utf8(
        jsonl(
          [
            header('cr only'),
            ...Array.from({ length: 10_000 }, (_, i) => ({
              id: `c${i}`,
              target: 1 + (i % 5),
              rollouts: [{ prompt: 'v1', score: 1 + ((i * 3) % 5) }],
            })),
          ],
          '\r',
        ),
      ),
    imported: 10_000,
  },
  {
    kind: 'dataset',
    file: 'mixed-line-ends.jsonl',
    holds: '30 examples whose lines end in LF, CR and CRLF in turn, blank lines between, a broken line 8',
    behaviour: 'every CR, LF and CRLF ends one line: 29 imported, line 8 named',
    bytes: () => {
      const ends = ['\n', '\r', '\r\n'];
      const lines = [JSON.stringify(header('mixed ends')), ...examples(30, 'mx').map((e) => JSON.stringify(e))];
      lines.splice(7, 1, '{"id": "mx-6", "rollouts": [');
      return utf8(lines.map((l, i) => l + ends[i % 3]).join(''));
    },
    imported: 29,
    rejected: 1,
    rejectedLines: [/^Line 8\b/],
  },
  {
    kind: 'dataset',
    file: 'bom-crlf.jsonl',
    holds: 'a UTF-8 BOM and CRLF line ends (Windows Notepad)',
    behaviour: 'the BOM is dropped, CRLF is one line end: 20 imported',
    bytes: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(jsonl([header('bom crlf'), ...examples(20)], '\r\n'))]),
    imported: 20,
  },
  {
    kind: 'dataset',
    file: 'csv-unbalanced-quote.csv',
    holds: 'a CSV of 10,000 rows (every tenth rationale quoted) with one stray quote opening a field in row 7',
    behaviour: 'the broken row is rejected (line 8, naming the quote) and reading resumes: 9,999 imported',
    mapping: true,
    bytes: () => utf8(csvRows(10_000, (r) => (r === 7 ? 'item-7,question 7,3,v1,2,"covers point 1' : null))),
    imported: 9_999,
    rejected: 1,
    rejectedLines: [/^Line 8\b.*quote/i],
  },
  {
    kind: 'dataset',
    file: 'csv-ragged.csv',
    holds: 'a CSV of 20 rows, rows 5 and 12 with a field too many (an unquoted comma)',
    behaviour: 'those two rows rejected by line: 18 imported',
    mapping: true,
    bytes: () => utf8(csvRows(20, (r) => (r === 5 || r === 12 ? `item-${r},question ${r},3,v1,2,covers, too many` : null))),
    imported: 18,
    rejected: 2,
    rejectedLines: [/^Line 6\b.*7 fields but the header has 6/, /^Line 13\b.*7 fields but the header has 6/],
  },
  {
    kind: 'dataset',
    file: 'tsv-bom-crlf.tsv',
    holds: 'a TSV with a UTF-8 BOM, CRLF line ends and a quoted field holding a tab and a CRLF',
    behaviour: '10 imported',
    mapping: true,
    bytes: () => {
      const rows = ['item_id\tquestion\tgold\tprompt_version\tjudge_score\trationale'];
      for (let r = 1; r <= 10; r++)
        rows.push(`item-${r}\tq ${r}\t${1 + (r % 5)}\tv1\t${1 + ((r * 2) % 5)}\t${r === 4 ? '"tab\there\r\nnext line"' : 'fine'}`);
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(rows.join('\r\n') + '\r\n')]);
    },
    imported: 10,
  },
  {
    kind: 'dataset',
    file: 'empty.jsonl',
    holds: 'zero bytes',
    behaviour: 'no dataset; "the file is empty"',
    bytes: () => Buffer.alloc(0),
    imported: 0,
    emptyReason: /the file is empty/,
  },
  {
    kind: 'dataset',
    file: 'blank.jsonl',
    holds: 'only spaces, tabs and line ends',
    behaviour: 'no dataset; "the file has only blank lines"',
    bytes: () => utf8('  \n\t\r\n\r\n   \n'),
    imported: 0,
    emptyReason: /only blank lines/,
  },
  {
    kind: 'dataset',
    file: 'header-only.jsonl',
    holds: 'the `rir_dataset` header and nothing else',
    behaviour: 'no dataset; says it has only the header',
    bytes: () => utf8(jsonl([header('only a header')])),
    imported: 0,
    emptyReason: /only the rir_dataset header/,
  },
  {
    kind: 'dataset',
    file: 'array.json',
    holds: 'a pretty-printed JSON array of 20 examples',
    behaviour: 'one rejection naming the JSON array and how to convert it, not 46 "invalid JSON" lines',
    bytes: () => utf8(JSON.stringify(examples(20), null, 2)),
    imported: 0,
    rejected: 1,
    rejectedLines: [/^Line 1\b.*JSON array/],
    emptyReason: /only record was rejected/,
  },
  {
    kind: 'dataset',
    file: 'utf16le-bom.jsonl',
    holds: '10 examples saved as UTF-16 LE with a BOM (Windows "Unicode")',
    behaviour: 'read as UTF-16 and named so: 10 imported, a warning says UTF-16',
    bytes: () => utf16(jsonl([header('utf16 le'), ...examples(10)], '\r\n'), 'le', true),
    imported: 10,
    warning: /UTF-16/,
  },
  {
    kind: 'dataset',
    file: 'utf16be-bom.jsonl',
    holds: '10 examples saved as UTF-16 BE with a BOM',
    behaviour: 'read as UTF-16 and named so: 10 imported, a warning says UTF-16',
    bytes: () => utf16(jsonl([header('utf16 be'), ...examples(10)]), 'be', true),
    imported: 10,
    warning: /UTF-16/,
  },
  {
    kind: 'dataset',
    file: 'utf16le-nobom.csv',
    holds: 'a CSV of 10 rows saved as UTF-16 LE without a BOM',
    behaviour: 'recognised by its zero bytes, read as UTF-16 and named so: 10 imported',
    mapping: true,
    bytes: () =>
      utf16(
        csvRows(10, () => null),
        'le',
        false,
      ),
    imported: 10,
    warning: /UTF-16/,
  },
  {
    kind: 'dataset',
    file: 'invalid-utf8.jsonl',
    holds: 'Latin-1 bytes (0xE9) inside a reasoning on line 3',
    behaviour: 'imported; one warning names the line and shows "\uFFFD"',
    bytes: () => {
      const lines = jsonl([header('latin1'), ...examples(5)]).split('\n');
      // Line 3 saved as Latin-1: "café" with é as the single byte 0xE9 (the rest is ASCII).
      lines[2] = lines[2]!.replace('covers', 'caf\u00e9');
      return Buffer.concat(lines.map((l, i) => Buffer.from(l + (i < lines.length - 1 ? '\n' : ''), i === 2 ? 'latin1' : 'utf8')));
    },
    imported: 5,
    warning: /not valid UTF-8/,
  },
  {
    kind: 'dataset',
    file: 'step-1e-300.jsonl',
    holds: 'a header scale 0–10 with `"step": 1e-300`',
    behaviour: 'the header is kept, the step dropped with a warning on line 1 (a continuous scale); labels are accepted',
    bytes: () => utf8(jsonl([header('tiny step', { min: 0, max: 10, step: 1e-300 }), ...examples(6)])),
    imported: 6,
    warning: /step is ignored/,
  },
  {
    kind: 'dataset',
    file: 'xss-everywhere.jsonl',
    holds: '`<script>`, `<img onerror>`, `<svg onload>`, `<iframe>`, `javascript:` in every text field, id, version and header name',
    behaviour: 'shown as text: no script runs, no dialog, no request',
    bytes: () => {
      const x = '<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)><iframe src="javascript:alert(4)"></iframe>';
      const rec = (i: number) => ({
        ...example(`${x}-${i}`, i, [`v<b>${i % 2}</b>`]),
        input: `${x} [click](javascript:alert(5)) ![img](http://127.0.0.1:9/x.png)`,
        meta: { note: x },
      });
      const out = Array.from({ length: 6 }, (_, i) => rec(i));
      for (const r of out) for (const ro of r.rollouts) Object.assign(ro, { reasoning: `${x} $\\href{javascript:alert(6)}{x}$`, model: x });
      return utf8(jsonl([{ rir_dataset: { name: `xss ${x}`, scale: { min: 1, max: 5 } } }, ...out]));
    },
    imported: 6,
  },
  {
    kind: 'dataset',
    file: 'markdown-links.jsonl',
    holds: 'reasoning with Markdown links, bare URLs, images and reference links to other hosts',
    behaviour: 'links are inert text showing their URL; no request to another host',
    bytes: () => {
      const md =
        'See [the docs](http://127.0.0.1:9/docs) and http://127.0.0.1:9/bare, ![pixel](http://127.0.0.1:9/p.png), [ref][r] and <http://127.0.0.1:9/angle>.\n\n[r]: http://127.0.0.1:9/ref';
      const out = examples(4, 'link');
      for (const r of out) for (const ro of r.rollouts) ro.reasoning = md;
      return utf8(jsonl([header('links'), ...out]));
    },
    imported: 4,
  },
  {
    kind: 'dataset',
    file: 'extreme-numbers.jsonl',
    holds: 'scores 1e308 and -1e308, a score `1e999` (Infinity), a string "NaN", a target of 5e-324, a score off the scale',
    behaviour: 'Infinity and "NaN" rejected by line and field; values off the scale imported with a warning naming the scale',
    bytes: () => {
      const lines = [JSON.stringify(header('extremes'))];
      const ok = examples(4, 'fine').map((e) => JSON.stringify(e));
      lines.push(...ok);
      lines.push('{"id":"inf","rollouts":[{"prompt":"v1","score":1e999}]}');
      lines.push('{"id":"nan","rollouts":[{"prompt":"v1","score":"NaN"}]}');
      lines.push('{"id":"huge","rollouts":[{"prompt":"v1","score":1e308}]}');
      lines.push('{"id":"tiny-target","target":5e-324,"rollouts":[{"prompt":"v1","score":3}]}');
      return utf8(lines.join('\n') + '\n');
    },
    imported: 6,
    rejected: 2,
    rejectedLines: [/^Line 6\b.*non-finite score/, /^Line 7\b.*non-finite score/],
    warning: /score 1e\+308 outside scale 1–5/,
  },
  {
    kind: 'dataset',
    file: 'duplicate-ids.jsonl',
    holds: '10 examples, three of them repeating an earlier id',
    behaviour: 'the first of each id kept, each repeat rejected naming the first line',
    bytes: () => {
      const recs: unknown[] = [header('dupes'), ...examples(7, 'd')];
      recs.push(example('d-1', 1), example('d-4', 4), { ...example('x', 9), id: 'd-0' });
      return utf8(jsonl(recs));
    },
    imported: 7,
    rejected: 3,
    rejectedLines: [/^Line 9\b.*line 3/, /^Line 10\b.*line 6/, /^Line 11\b.*line 2/],
  },
  {
    kind: 'dataset',
    file: 'late-header.jsonl',
    holds: 'a `rir_dataset` header on line 4',
    behaviour: 'the late header is named and ignored; the examples imported',
    bytes: () => {
      const ex = examples(6, 'late');
      return utf8(jsonl([ex[0], ex[1], ex[2], header('late'), ex[3], ex[4], ex[5]]));
    },
    imported: 6,
    rejected: 1,
    rejectedLines: [/^Line 4\b.*header must be the first line/],
  },
  {
    kind: 'dataset',
    file: 'many-versions.jsonl',
    holds: '40 prompt versions × 3 rollouts on 30 examples',
    behaviour: 'Compare ranks 40 versions; every screen opens',
    bytes: () => {
      const versions = Array.from({ length: 40 }, (_, v) => `prompt-${String(v).padStart(2, '0')}`);
      return utf8(jsonl([header('forty versions'), ...Array.from({ length: 30 }, (_, i) => example(`mv-${i}`, i, versions))]));
    },
    imported: 30,
  },
  {
    kind: 'dataset',
    file: 'unicode-tricks.jsonl',
    holds:
      'RTL override, zero-width joiners, an emoji ZWJ family, 500 combining marks on one letter, U+2028/U+2029, NUL and BEL in text; ids "é" in NFC and NFD',
    behaviour: 'shown as text; NFC and NFD ids are two examples',
    bytes: () => {
      const weird = `\u202Egnirts desrever\u202C a\u200Db \u{1F468}\u200D\u{1F469}\u200D\u{1F467} Z${'\u0301'.repeat(500)} line\u2028sep\u2029par nul\u0000 bel\u0007`;
      const recs = ['\u00e9', 'e\u0301', `rtl-\u202Eid`, 'plain'].map((id, i) => ({ ...example(id, i), input: weird }));
      for (const r of recs) for (const ro of r.rollouts) ro.reasoning = weird;
      return utf8(jsonl([header(`tricks \u202Eeman`), ...recs]));
    },
    imported: 4,
  },
  {
    kind: 'dataset',
    file: 'many-rollouts.jsonl',
    holds: 'one example with 5,000 rollouts of one version, and 9 small ones',
    behaviour: 'imported; charts and the rollout list stay responsive',
    bytes: () => {
      const big = {
        ...example('many', 0, []),
        rollouts: Array.from({ length: 5000 }, (_, r) => ({ prompt: 'v1', score: 1 + (r % 5), reasoning: `rollout ${r}` })),
      };
      return utf8(
        jsonl([header('many rollouts'), big, ...examples(9).map((e) => ({ ...e, rollouts: e.rollouts.filter((r) => r.prompt === 'v1') }))]),
      );
    },
    imported: 10,
  },
  {
    kind: 'dataset',
    file: 'rows-hostile-columns.jsonl',
    holds: 'row JSONL (one rollout per line) with extra columns named `__proto__`, `constructor`, `toString`',
    behaviour: 'the mapper lists them as ordinary columns; 8 examples',
    mapping: true,
    bytes: () => {
      const lines: string[] = [];
      for (let i = 0; i < 8; i++)
        for (let r = 0; r < 2; r++)
          lines.push(
            `{"id":"row-${i}","question":"q ${i}","gold":${1 + (i % 5)},"prompt":"v1","score":${1 + ((i + r) % 5)},"__proto__":{"x":1},"constructor":"c","toString":"t"}`,
          );
      return utf8(lines.join('\n') + '\n');
    },
    imported: 8,
  },
  {
    kind: 'dataset',
    file: 'no-rollouts.jsonl',
    holds: '8 examples with targets and no rollouts at all',
    behaviour: 'imported for labelling; Analyze, Compare and Train say there is nothing to analyse',
    bytes: () => utf8(jsonl([header('no rollouts'), ...examples(8).map((e) => ({ ...e, rollouts: [] }))])),
    imported: 8,
  },
  {
    kind: 'dataset',
    file: 'single-example.jsonl',
    holds: 'one example (one target, two versions)',
    behaviour: 'every screen opens; statistics that need more say so',
    bytes: () => utf8(jsonl([header('single'), example('only', 0)])),
    imported: 1,
  },
  {
    kind: 'dataset',
    file: 'constant-scores.jsonl',
    holds: '20 examples where every score and every target is 3',
    behaviour: 'correlations undefined (zero variance) are shown as such, not NaN or a crash',
    bytes: () =>
      utf8(
        jsonl([
          header('constant'),
          ...examples(20).map((e) => ({ ...e, target: 3, rollouts: e.rollouts.map((r) => ({ ...r, score: 3 })) })),
        ]),
      ),
    imported: 20,
  },
  {
    kind: 'dataset',
    file: 'agreement-base.jsonl',
    holds: '5 examples `ag-0`…`ag-4` for the label files below, and ids `b` and ` b`',
    behaviour: '7 imported',
    bytes: () =>
      utf8(
        jsonl([header('agreement base'), ...examples(5, 'ag').map((e, i) => ({ ...e, id: `ag-${i}` })), example('b', 5), example(' b', 6)]),
      ),
    imported: 7,
  },
];

const labelCases: LabelCase[] = [
  {
    kind: 'labels',
    file: 'labels-400-annotators.csv',
    holds: '400 annotators × 5 labels (2,000 rows) on `agreement-base.jsonl`',
    behaviour: 'imported in under a second of main-thread time; Agreement computed in a worker, top pairs first',
    dataset: 'agreement-base.jsonl',
    bytes: () => {
      const rows = ['id,annotator,label'];
      for (let a = 0; a < 400; a++)
        for (let e = 0; e < 5; e++) rows.push(`ag-${e},annotator-${String(a).padStart(3, '0')},${1 + ((a + e * 2) % 5)}`);
      return utf8(rows.join('\n') + '\n');
    },
    status: /2,?000 (rows|labels)/,
  },
  {
    kind: 'labels',
    file: 'labels-hostile.csv',
    holds:
      'CR-only line ends; ids `" b"` and `b` (exact match), `labelled_at` 9999-12-31, an annotator `__proto__`, a stray quote in a note',
    behaviour: 'each label lands on its exact id; the impossible time and the broken row rejected by line; the rest kept',
    dataset: 'agreement-base.jsonl',
    bytes: () =>
      utf8(
        [
          'id,annotator,label,labelled_at,note',
          'b,__proto__,2,2026-01-02T03:04:05Z,plain',
          ' b,__proto__,4,2026-01-02T03:04:05Z,padded id',
          'ag-0,__proto__,3,9999-12-31T00:00:00Z,far future',
          'ag-1,carol,5,2026-01-02T03:04:05Z,"a stray quote',
          'ag-2,carol,1,2026-01-02T03:04:05Z,fine',
        ].join('\r') + '\r',
      ),
    status: /3 (rows|labels)/,
    rejectedLines: [/^line 4 \(labelled_at\): .*in the future/, /^line 5 \(note\): unbalanced quote in field 5/],
  },
];

export const HOSTILE_CASES: readonly HostileCase[] = [...datasetCases, ...labelCases];
