// The ONNX reader against models the graph builder writes (field by field: versions, metadata,
// inputs with fixed and symbolic dimensions, op counts) and against hand-made bytes that are
// protobuf but no model, or a model cut short.
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from './graph.ts';
import { OnnxReadError, readOnnxModel } from './read.ts';

function model(metadata: Record<string, string> = { a: 'ä', empty: '' }): Uint8Array {
  const g = new GraphBuilder('t');
  const x = g.input('x', ['N', 3]);
  g.output(g.op('Relu', [g.add(x, g.constant(1))]), 'y', ['N', 3]);
  return g.toModel({ producerVersion: '9.9.9', metadata });
}

function kind(bytes: Uint8Array): string {
  try {
    readOnnxModel(bytes);
    return 'read';
  } catch (e) {
    return e instanceof OnnxReadError ? e.kind : 'other';
  }
}

describe('readOnnxModel', () => {
  it('reads back what the builder wrote', () => {
    const info = readOnnxModel(model());
    expect(info.irVersion).toBe(8);
    expect(info.opsetVersion).toBe(17);
    expect(info.producerName).toBe('rir-workbench');
    expect(info.producerVersion).toBe('9.9.9');
    expect([...info.metadata]).toEqual([
      ['a', 'ä'],
      ['empty', ''],
    ]);
    expect(info.inputs).toEqual([{ name: 'x', elemType: 1, dims: ['N', 3] }]);
    expect(info.outputs).toEqual([{ name: 'y', elemType: 1, dims: ['N', 3] }]);
    expect([...info.ops]).toEqual([
      ['Add', 1],
      ['Relu', 1],
      ['Identity', 1],
    ]);
    expect(info.initializers).toBe(1);
  });

  it('tells a model cut short from bytes that are no model', () => {
    const bytes = model();
    // Up to the metadata (written last): any cut is truncation. Within it, a cut between two entries
    // leaves a valid model with fewer entries (the calibrator import then misses its manifest).
    const metadataStart = model({}).length;
    expect(bytes[metadataStart]).toBe(0x72); // field 14, wire type 2
    // From the second byte on: the first alone (a tag) says nothing of what the file is.
    for (let keep = 2; keep < metadataStart; keep++) expect(kind(bytes.subarray(0, keep)), `cut at ${keep}`).toBe('truncated');
    // Valid protobuf (field 2 = "x", field 3 = 8) but no IR version and no graph: not a model.
    expect(kind(Uint8Array.of(0x12, 0x01, 0x78, 0x18, 0x08))).toBe('not-onnx');
    // Wire type 3 (a deprecated group) in the first byte, as in '{'-led JSON: not protobuf we read.
    expect(kind(new TextEncoder().encode('{"a":1}'))).toBe('not-onnx');
    expect(kind(new Uint8Array(0))).toBe('not-onnx');
  });
});
