// The protobuf writer against hand-encoded bytes (protobuf encoding guide: varints, zigzag-free
// int64 as ten-byte two's complement, little-endian fixed32, length-delimited fields), and a whole
// model that onnxruntime-node loads and runs (the decoder we trust is ORT's own).
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GraphBuilder, floatAttr } from './graph.ts';
import { testing } from './proto.ts';

const bytes = (w: InstanceType<typeof testing.Writer>) => Array.from(w.finish());

describe('protobuf writer', () => {
  it('writes varints as the protobuf guide does', () => {
    expect(bytes(new testing.Writer().varint(1))).toEqual([0x01]);
    expect(bytes(new testing.Writer().varint(150))).toEqual([0x96, 0x01]);
    expect(bytes(new testing.Writer().varint(300))).toEqual([0xac, 0x02]);
    // int64 −1: ten bytes, two's complement.
    expect(bytes(new testing.Writer().varint(-1))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('tags fields and writes ints, floats, strings and nested messages', () => {
    // field 1 varint 150: tag (1 << 3 | 0) = 0x08.
    expect(bytes(new testing.Writer().int(1, 150))).toEqual([0x08, 0x96, 0x01]);
    // field 2 fixed32 1.0f: tag 0x15, then 0x3f800000 little-endian.
    expect(bytes(new testing.Writer().float(2, 1))).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
    // field 2 string "testing": tag 0x12, length 7, then the UTF-8 bytes.
    expect(bytes(new testing.Writer().string(2, 'testing'))).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    // field 3 message { field 1 varint 150 }: tag 0x1a, length 3, then the inner bytes.
    expect(bytes(new testing.Writer().message(3, (w) => w.int(1, 150)))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    // packed repeated field 4 [3, 270, 86942]: tag 0x22, length 6, then the varints.
    expect(bytes(new testing.Writer().packedInts(4, [3, 270, 86942]))).toEqual([0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]);
  });

  it('grows past its first buffer without losing bytes', () => {
    const long = 'x'.repeat(1000);
    const out = new testing.Writer().string(1, long).finish();
    expect(out.length).toBe(1 + 2 + 1000);
    expect(new TextDecoder().decode(out.subarray(3))).toBe(long);
  });

  it('encodes a model onnxruntime loads, with its metadata, attributes and initializers', async () => {
    const g = new GraphBuilder('t');
    const x = g.input('x', ['N', 2]);
    const scaled = g.mul(x, g.constant([2, 3], [1, 2]));
    const summed = g.sum(scaled, [1]);
    g.output(g.op('LeakyRelu', [g.sub(summed, g.constant(10))], { alpha: floatAttr(0.5) }), 'y', ['N', 1]);
    const model = g.toModel({ producerVersion: '1.2.3', metadata: { dataset: 'demo' } });
    const session = await ort.InferenceSession.create(model);
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 1, 4, 4), [2, 2]) });
    // Row 1: 2 + 3 − 10 = −5 → leaky 0.5 → −2.5. Row 2: 8 + 12 − 10 = 10.
    expect(Array.from(out.y!.data as Float32Array)).toEqual([-2.5, 10]);
    await session.release();
    // Metadata is written as ModelProto field 14 entries: find the key and value bytes.
    const text = new TextDecoder('latin1').decode(model);
    expect(text).toContain('dataset');
    expect(text).toContain('demo');
  });
});

describe('graph builder', () => {
  it('refuses unknown inputs, duplicate names, non-integer int attributes and outputs never produced', () => {
    const g = new GraphBuilder('bad');
    const x = g.input('x', [1]);
    expect(() => g.op('Relu', ['nope'])).toThrow(/reads unknown value nope/);
    expect(() => g.input('x', [1])).toThrow(/duplicate value name x/);
    expect(() => g.op('Relu', [x], { alpha: 0.5 })).toThrow(/integer attribute expected/);
    expect(() => g.constant([1, 2, 3], [2, 2])).toThrow(/3 values for dims \[2, 2\]/);
  });

  it('shares scalar constants by value', () => {
    const g = new GraphBuilder('c');
    expect(g.constant(2)).toBe(g.constant(2));
    expect(g.constant(2)).not.toBe(g.constant(3));
  });
});
