// The control of every "no onnxruntime warning" check (runGraphsInChild): a graph whose declared
// output shape is wrong makes the warning those checks look for, so their silence means something.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GraphBuilder } from '../calibrator/onnx/graph.ts';
import { runGraphsInChild } from './ortChild.ts';

describe('runGraphsInChild', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rir-ort-child-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sees the warning of a wrong declared shape (the control), and none of a right one', () => {
    const build = (declared: number) => {
      const g = new GraphBuilder('shape');
      const x = g.input('scores', ['N', 2]);
      g.output(g.sum(x, [1]), 'out', ['N', declared]);
      const file = join(dir, `declared-${declared}.onnx`);
      writeFileSync(file, g.toModel());
      return { file, feeds: { scores: [2, 2] as [number, number] } };
    };
    expect(runGraphsInChild(dir, [build(3)])).toMatch(/\[W:onnxruntime.*MergeShapeInfo/);
    expect(runGraphsInChild(dir, [build(1)])).not.toMatch(/\[W:onnxruntime/);
  });
});
