// Prompt versions, annotators, example ids and header keys named like Object.prototype members
// ("__proto__", "constructor", "toString") go through import, summaries, analysis, Compare,
// Train's settings, label export/import and the reflection pack like any other name (issue 14.1).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, prepareAnalysis } from '../domain/analysis.ts';
import { buildAnalysisInput } from '../domain/analysisInput.ts';
import { compareVersions, promptPosition, rankVersions } from '../domain/compare.ts';
import { foldLabels, labelValues, type LabelEvent } from '../domain/labels.ts';
import { ownValue } from '../domain/ownKeys.ts';
import { buildReflectionPack, reflectionJsonText, reflectionMarkdown } from '../domain/reflection.ts';
import { groupByPrompt, summarizeExamples } from '../domain/rollouts.ts';
import { readHeader } from '../domain/schema.ts';
import type { DatasetInfo, Example } from '../domain/types.ts';
import { DEFAULT_TRAIN_SETTINGS, resolveTrainOptions } from '../calibrator/settings.ts';
import { jsonlBlob } from '../test/builders.ts';
import type { DatasetDraft } from './datasetBuilder.ts';
import { importBlob } from './importDataset.ts';
import { datasetJsonl, labelRows, labelsCsv, labelsJsonl } from './labelExport.ts';
import { parseLabelFile } from './labelImport.ts';
import { recordToRow } from './csv.ts';
import { sniffText } from './sniff.ts';

const HOSTILE = ['__proto__', 'constructor', 'toString'] as const;

/** A canonical file: a header naming every version (and an extra "__proto__" key), then `n` examples. */
function hostileLines(prompts: readonly string[], n = 30, firstId = '__proto__'): string[] {
  const header = `{"rir_dataset":{"name":"hostile keys","scale":{"min":1,"max":5,"step":1},"prompts":{${prompts
    .map((p, i) => `${JSON.stringify(p)}:${JSON.stringify(`Text of ${p} #${i}`)}`)
    .join(',')}},"__proto__":{"polluted":true},"valueOf":7}}`;
  const lines = [header];
  for (let e = 0; e < n; e++) {
    const id = e === 0 ? firstId : e === 1 ? 'constructor' : `ex-${e}`;
    const target = 1 + (e % 5);
    const rollouts = prompts.flatMap((p, k) =>
      [0, 1].map((r) => ({ prompt: p, score: 1 + ((e + k + r) % 5), reasoning: `${p} says ${e}` })),
    );
    lines.push(
      JSON.stringify({ id, input: `Question ${e}`, target, split: e % 3 === 0 ? 'test' : e % 3 === 1 ? 'train' : 'val', rollouts }),
    );
  }
  return lines;
}

async function importLines(lines: string[]): Promise<{ draft: DatasetDraft; examples: Example[] }> {
  const examples: Example[] = [];
  const draft = await importBlob(jsonlBlob(lines), 'hostile.jsonl', { format: 'canonical' }, { onExamples: (b) => examples.push(...b) });
  return { draft, examples };
}

const infoOf = (draft: DatasetDraft): DatasetInfo => ({ ...draft, id: 'ds', source: 'hostile.jsonl', createdAt: 0 });

describe('user-named keys that shadow Object.prototype', () => {
  it('imports the versions, header texts and ids as ordinary names; the header round-trips through export', async () => {
    const prompts = [...HOSTILE, 'v1'];
    const { draft, examples } = await importLines(hostileLines(prompts));
    expect(draft.rejectedCount).toBe(0);
    expect(draft.promptOrder).toEqual(prompts);
    expect(Object.getPrototypeOf(draft.prompts)).toBe(Object.prototype);
    expect(Object.keys(draft.prompts)).toEqual(prompts);
    for (const [i, p] of prompts.entries()) expect(ownValue(draft.prompts, p)).toBe(`Text of ${p} #${i}`);
    expect(ownValue(draft.prompts, 'hasOwnProperty')).toBeUndefined();
    expect(draft.extra && Object.keys(draft.extra)).toEqual(['__proto__', 'valueOf']);
    expect(Object.getPrototypeOf(draft.extra)).toBe(Object.prototype);
    expect(examples.map((e) => e.id).slice(0, 2)).toEqual(['__proto__', 'constructor']);

    // Summaries and the Example screen's grouping.
    const summaries = summarizeExamples(examples, draft.promptOrder);
    expect(summaries).toHaveLength(30);
    expect(summaries[0]!.means.every((m) => typeof m === 'number')).toBe(true);
    expect(groupByPrompt(examples[0]!.rollouts, draft.promptOrder).map((g) => g.prompt)).toEqual(prompts);

    // Export → import gives the same header, "__proto__" kept as a key at both levels.
    const exported = datasetJsonl(infoOf(draft), examples, foldLabels([]));
    const head = exported.slice(0, exported.indexOf('\n'));
    expect(JSON.parse(head)).toEqual(JSON.parse(hostileLines(prompts)[0]!.replace('"hostile keys"', '"hostile keys"')));
    expect(head).toContain('"__proto__":{"polluted":true}');
    expect(head).toContain('"__proto__":"Text of __proto__ #0"');
    const again = await importLines(exported.trimEnd().split('\n'));
    expect(again.draft.prompts).toEqual(draft.prompts);
    expect(again.draft.extra).toEqual(draft.extra);
    expect(again.examples.map((e) => e.id)).toEqual(examples.map((e) => e.id));
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('sniffs table rows whose columns are named like prototype members, present in some rows only', () => {
    const text = ['{"id":"a","score":1}', '{"id":"b","score":2,"toString":"t","__proto__":"p","constructor":3}'].join('\n');
    const s = sniffText('rows.jsonl', text, true);
    expect(s.format).toBe('rows-jsonl');
    expect(s.columns).toEqual(['id', 'score', 'toString', '__proto__', 'constructor']);
    expect(s.sample[0]).toEqual(JSON.parse('{"id":"a","score":"1","toString":"","__proto__":"","constructor":""}'));
    expect(s.sample[1]).toEqual(JSON.parse('{"id":"b","score":"2","toString":"t","__proto__":"p","constructor":"3"}'));
    for (const row of s.sample) for (const c of s.columns) expect(typeof row[c]).toBe('string');
  });

  it('readHeader keeps "__proto__" extra keys own, never as a prototype', () => {
    const h = readHeader(JSON.parse('{"__proto__":{"x":1},"prompts":{"__proto__":"p","constructor":"c"}}'));
    expect(Object.hasOwn(h.extra!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(h.extra)).toBe(Object.prototype);
    expect(Object.keys(h.prompts!)).toEqual(['__proto__', 'constructor']);
    expect(recordToRow(['__proto__', 'id'], ['a', 'b'])).toEqual(JSON.parse('{"__proto__":"a","id":"b"}'));
  });

  it('analyses, compares, ranks, resolves Train settings and builds a reflection pack per version', async () => {
    const prompts = [...HOSTILE, 'v1'];
    const { draft, examples } = await importLines(hostileLines(prompts, 60));
    const info = infoOf(draft);
    const input = buildAnalysisInput(examples, info.promptOrder, info.scale);
    expect(input.prompts.map((p) => p.prompt)).toEqual(prompts);
    const report = analyze(input, { split: 'all', seed: 1, resamples: 20 });
    expect(report.prompts.map((p) => p.prompt)).toEqual(prompts);
    for (const p of report.prompts) expect(p.predictors.find((r) => r.id === 'mean')!.metrics.ccc).toEqual(expect.any(Number));

    const prepared = prepareAnalysis(input);
    const a = promptPosition(prepared, '__proto__');
    const b = promptPosition(prepared, 'toString');
    expect([a, b]).toEqual([0, 2]);
    const comparison = compareVersions(prepared, a, b, 'mean', { split: 'all', seed: 1, resamples: 20 });
    expect([comparison.a.name, comparison.b.name]).toEqual(['__proto__', 'toString']);
    expect(comparison.metrics.find((m) => m.metric === 'ccc')!.a).toEqual(expect.any(Number));
    const ranking = rankVersions(prepared, 'mean', { split: 'all', seed: 1, resamples: 20 });
    expect(ranking.versions.map((v) => v.name).sort()).toEqual([...prompts].sort());

    for (const p of prompts) {
      const options = resolveTrainOptions({ ...DEFAULT_TRAIN_SETTINGS, prompt: p }, input, info.promptOrder);
      expect(options.prompt).toBe(prompts.indexOf(p));
      expect(options.k).toBe(2);
    }
    expect(resolveTrainOptions({ ...DEFAULT_TRAIN_SETTINGS, prompt: null }, input, info.promptOrder).prompt).toBe(0);
    expect(() => resolveTrainOptions({ ...DEFAULT_TRAIN_SETTINGS, prompt: 'hasOwnProperty' }, input, info.promptOrder)).toThrow(
      /no prompt version/,
    );

    const k = promptPosition(prepared, 'constructor');
    const predictions = prepared.prompts[k]!.predictions.find((p) => p.id === 'mean')!.values;
    const pack = buildReflectionPack({
      datasetName: info.name,
      prompt: 'constructor',
      promptText: ownValue(info.prompts, 'constructor'),
      predictorLabel: 'Mean',
      scale: info.scale,
      examples,
      targets: input.targets,
      predictions,
    });
    const md = reflectionMarkdown(pack);
    expect(md).toContain('Text of constructor #1');
    expect(md).not.toContain('function Object');
    expect(reflectionJsonText(pack)).toContain('Text of constructor #1');
    expect(pack.promptText).toBe('Text of constructor #1');
    expect(ownValue<string>({ v1: 'x' }, 'toString')).toBeUndefined();
  });

  it('exports and imports labels by annotators and examples named "__proto__"', async () => {
    const { draft, examples } = await importLines(hostileLines(['__proto__'], 5));
    const events: LabelEvent[] = [
      { seq: 1, datasetId: 'ds', exampleId: '__proto__', annotator: '__proto__', kind: 'set', value: 2, at: 1_700_000_000_000 },
      { seq: 2, datasetId: 'ds', exampleId: '__proto__', annotator: 'constructor', kind: 'set', value: 4, at: 1_700_000_000_001 },
      { seq: 3, datasetId: 'ds', exampleId: 'constructor', annotator: 'toString', kind: 'note', note: 'hm', at: 1_700_000_000_002 },
    ];
    const state = foldLabels(events);
    expect(labelValues(state, '__proto__')).toEqual([2, 4]);
    const rows = labelRows(examples, state);
    expect(rows.map((r) => [r.exampleId, r.annotator])).toEqual([
      ['__proto__', '__proto__'],
      ['__proto__', 'constructor'],
      ['constructor', 'toString'],
    ]);
    const ids = new Set(examples.map((e) => e.id));
    for (const text of [labelsJsonl(rows), labelsCsv(rows)]) {
      const parsed = parseLabelFile(text, { ids, scale: draft.scale });
      expect(parsed.rejected).toEqual([]);
      expect(parsed.rows.map((r) => [r.exampleId, r.annotator, r.value, r.note])).toEqual([
        ['__proto__', '__proto__', 2, null],
        ['__proto__', 'constructor', 4, null],
        ['constructor', 'toString', null, 'hm'],
      ]);
    }
  });

  it('property: any version names (prototype members included) import and analyse in their order', async () => {
    const name = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'),
      // A blank version name is read as the default version (schema.ts readPrompt), so it is not a name of its own.
      fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''),
    );
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), async (prompts) => {
        const { draft, examples } = await importLines(hostileLines(prompts, 9));
        expect(draft.rejectedCount).toBe(0);
        expect(draft.promptOrder).toEqual(prompts);
        for (const [i, p] of prompts.entries()) expect(ownValue(draft.prompts, p)).toBe(`Text of ${p} #${i}`);
        const input = buildAnalysisInput(examples, draft.promptOrder, draft.scale);
        expect(input.prompts.map((p) => p.prompt)).toEqual(prompts);
        for (const [i, p] of prompts.entries()) {
          expect(input.prompts[i]!.offsets[9]).toBe(18);
          expect(resolveTrainOptions({ ...DEFAULT_TRAIN_SETTINGS, prompt: p }, input, draft.promptOrder).prompt).toBe(i);
        }
        const prepared = prepareAnalysis(input);
        for (const p of prompts) expect(prepared.prompts[promptPosition(prepared, p)]!.rollouts.prompt).toBe(p);
      }),
      { numRuns: 40 },
    );
  });
});
