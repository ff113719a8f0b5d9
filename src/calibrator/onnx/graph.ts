// A small ONNX graph builder: values are names, ops return the name of their output, constants
// become initializers. Just enough for the calibrator's training and inference graphs (opset 17,
// IR 8 so older ONNX tooling accepts the exported file). Pure; no DOM.
import {
  DataType,
  encodeModel,
  type AttributeValue,
  type DataTypeId,
  type Dim,
  type NodeValue,
  type TensorValue,
  type ValueInfo,
} from './proto.ts';

export const OPSET_VERSION = 17;
export const IR_VERSION = 8;

/** Attribute shorthand: integers → INT, integer arrays → INTS, `floatAttr(x)` for FLOAT, strings → STRING. */
export type Attr = number | readonly number[] | string | AttributeValue;

export function floatAttr(value: number): AttributeValue {
  return { kind: 'float', value };
}

function toAttribute(a: Attr): AttributeValue {
  if (typeof a === 'number') {
    if (!Number.isInteger(a)) throw new TypeError(`integer attribute expected, got ${a} (use floatAttr)`);
    return { kind: 'int', value: a };
  }
  if (typeof a === 'string') return { kind: 'string', value: a };
  if (Array.isArray(a)) return { kind: 'ints', value: a as readonly number[] };
  return a as AttributeValue;
}

function float32Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

function float64Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

function int64Bytes(values: readonly number[]): Uint8Array {
  return new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
}

export interface ModelOptions {
  producerVersion?: string;
  docString?: string;
  metadata?: Readonly<Record<string, string>>;
}

export class GraphBuilder {
  private readonly nodes: NodeValue[] = [];
  private readonly initializers: TensorValue[] = [];
  private readonly inputs: ValueInfo[] = [];
  private readonly outputs: ValueInfo[] = [];
  private readonly names = new Set<string>();
  private readonly floatConstants = new Map<string, string>();
  private counter = 0;

  constructor(readonly name: string) {}

  private fresh(hint: string): string {
    let name: string;
    do name = `${hint}_${this.counter++}`;
    while (this.names.has(name));
    this.names.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph ${this.name}: duplicate value name ${name}`);
    this.names.add(name);
    return name;
  }

  input(name: string, dims: readonly Dim[], dataType: DataTypeId = DataType.FLOAT): string {
    this.inputs.push({ name: this.claim(name), dataType, dims });
    return name;
  }

  /**
   * Declares `value` a graph output named `name` with its shape. Declared shapes are checked by
   * ORT's shape inference, which is how a wrong broadcast shows up (as a warning the tests fail on).
   */
  output(value: string, name: string, dims: readonly Dim[], dataType: DataTypeId = DataType.FLOAT): void {
    const out = value === name ? name : this.op('Identity', [value], {}, name);
    this.outputs.push({ name: out, dataType, dims });
  }

  /** A float32 initializer. Scalars (dims []) are shared by value, so `constant(2)` twice is one tensor. */
  constant(values: number | ArrayLike<number>, dims?: readonly number[]): string {
    if (typeof values === 'number') {
      const key = String(values);
      const known = this.floatConstants.get(key);
      if (known) return known;
      const name = this.addInitializer(this.fresh('c'), [values], dims ?? [], DataType.FLOAT);
      this.floatConstants.set(key, name);
      return name;
    }
    return this.addInitializer(this.fresh('c'), values, dims ?? [values.length], DataType.FLOAT);
  }

  /** A float64 initializer (the exported model computes its features in double, as the app does). */
  double(values: number | ArrayLike<number>, dims?: readonly number[]): string {
    const list = typeof values === 'number' ? [values] : values;
    return this.addInitializer(this.fresh('d'), list, dims ?? (typeof values === 'number' ? [] : [list.length]), DataType.DOUBLE);
  }

  int64(values: readonly number[], dims?: readonly number[]): string {
    return this.addInitializer(this.fresh('i'), values, dims ?? [values.length], DataType.INT64);
  }

  /** A named initializer (a weight of an exported model). */
  initializer(name: string, values: ArrayLike<number>, dims: readonly number[], dataType: DataTypeId = DataType.FLOAT): string {
    return this.addInitializer(this.claim(name), values, dims, dataType);
  }

  private addInitializer(name: string, values: ArrayLike<number>, dims: readonly number[], dataType: DataTypeId): string {
    const encode = {
      [DataType.INT64]: (v: ArrayLike<number>) => int64Bytes(Array.from(v)),
      [DataType.FLOAT]: float32Bytes,
      [DataType.DOUBLE]: float64Bytes,
    }[dataType as number];
    if (!encode) throw new Error(`initializer ${name}: unsupported data type ${dataType}`);
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) throw new Error(`initializer ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
    const raw = encode(values);
    this.initializers.push({ name, dataType, dims, raw });
    return name;
  }

  /** One node with a single output; returns the output's name. */
  op(opType: string, inputs: readonly string[], attrs: Readonly<Record<string, Attr>> = {}, outputName?: string): string {
    return this.opN(opType, inputs, 1, attrs, outputName ? [outputName] : undefined)[0]!;
  }

  /** One node with `count` outputs. */
  opN(
    opType: string,
    inputs: readonly string[],
    count: number,
    attrs: Readonly<Record<string, Attr>> = {},
    outputNames?: readonly string[],
  ): string[] {
    for (const i of inputs)
      if (i !== '' && !this.names.has(i)) throw new Error(`ONNX graph ${this.name}: ${opType} reads unknown value ${i}`);
    const outputs = Array.from({ length: count }, (_, k) =>
      outputNames?.[k] ? this.claim(outputNames[k]) : this.fresh(opType.toLowerCase()),
    );
    const attributes: Record<string, AttributeValue> = {};
    for (const [k, v] of Object.entries(attrs)) attributes[k] = toAttribute(v);
    this.nodes.push({ opType, name: `${opType}_${this.nodes.length}`, inputs, outputs, attributes });
    return outputs;
  }

  // Shorthands for the ops the calibrator uses most.
  add(a: string, b: string): string {
    return this.op('Add', [a, b]);
  }
  sub(a: string, b: string): string {
    return this.op('Sub', [a, b]);
  }
  mul(a: string, b: string): string {
    return this.op('Mul', [a, b]);
  }
  div(a: string, b: string): string {
    return this.op('Div', [a, b]);
  }
  matmul(a: string, b: string): string {
    return this.op('MatMul', [a, b]);
  }
  /** ReduceSum over `axes`, keeping the reduced dimensions (opset 13+: axes is an input). */
  sum(a: string, axes: readonly number[]): string {
    return this.op('ReduceSum', [a, this.int64(axes)], { keepdims: 1 });
  }
  transpose(a: string, perm: readonly number[]): string {
    return this.op('Transpose', [a], { perm });
  }

  toModel(options: ModelOptions = {}): Uint8Array {
    for (const o of this.outputs)
      if (!this.names.has(o.name)) throw new Error(`ONNX graph ${this.name}: output ${o.name} is never produced`);
    return encodeModel({
      irVersion: IR_VERSION,
      opsetVersion: OPSET_VERSION,
      producerName: 'rir-workbench',
      producerVersion: options.producerVersion ?? '0',
      ...(options.docString ? { docString: options.docString } : {}),
      graph: { name: this.name, nodes: this.nodes, initializers: this.initializers, inputs: this.inputs, outputs: this.outputs },
      metadata: options.metadata ?? {},
    });
  }
}
