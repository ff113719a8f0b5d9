// Reads what a calibrator import needs from an ONNX file without a protobuf runtime: the model's
// IR and opset versions, its metadata_props (where the manifest rides), its graph's inputs and
// outputs and the ops it uses. Tells a file that is not an ONNX model from one cut short. The
// field numbers are onnx.proto3's, as in proto.ts. Pure; no DOM.

/** Why bytes could not be read as an ONNX model. */
export class OnnxReadError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-onnx' | 'truncated',
  ) {
    super(message);
  }
}

export interface OnnxTensorInfo {
  name: string;
  /** TensorProto.DataType (1 = float32). */
  elemType: number;
  /** Fixed sizes, or the symbolic name of a free dimension. */
  dims: (number | string)[];
}

export interface OnnxModelInfo {
  irVersion: number;
  /** Version of the default (ai.onnx) operator set. */
  opsetVersion: number | null;
  producerName: string;
  producerVersion: string;
  metadata: Map<string, string>;
  inputs: OnnxTensorInfo[];
  outputs: OnnxTensorInfo[];
  /** Op types in the graph, with their counts. */
  ops: Map<string, number>;
  initializers: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

class Truncated extends Error {}
class Malformed extends Error {}

/** A cursor over one message's bytes. */
class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Truncated('varint runs past the end');
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new Malformed('varint longer than 10 bytes');
  }

  /** One field: its number, and a reader over its payload for length-delimited ones. */
  field(): { no: number; wire: number; value: number; sub: Reader | null } {
    const tag = this.varint();
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    if (no === 0) throw new Malformed('field number 0');
    switch (wire) {
      case 0:
        return { no, wire, value: this.varint(), sub: null };
      case 1:
        return { no, wire, value: this.skip(8), sub: null };
      case 5:
        return { no, wire, value: this.skip(4), sub: null };
      case 2: {
        const len = this.varint();
        if (this.pos + len > this.end) throw new Truncated(`a field of ${len} bytes runs past the end`);
        const sub = new Reader(this.buf, this.pos, this.pos + len);
        this.pos += len;
        return { no, wire, value: len, sub };
      }
      default:
        throw new Malformed(`wire type ${wire}`);
    }
  }

  private skip(n: number): number {
    if (this.pos + n > this.end) throw new Truncated('fixed-size field runs past the end');
    this.pos += n;
    return 0;
  }

  string(): string {
    return utf8.decode(this.buf.subarray(this.pos, this.end));
  }
}

function each(r: Reader, on: (no: number, f: ReturnType<Reader['field']>) => void): void {
  while (!r.done) {
    const f = r.field();
    on(f.no, f);
  }
}

function text(f: ReturnType<Reader['field']>): string {
  if (!f.sub) throw new Malformed('string field with a scalar wire type');
  return f.sub.string();
}

function sub(f: ReturnType<Reader['field']>): Reader {
  if (!f.sub) throw new Malformed('message field with a scalar wire type');
  return f.sub;
}

// ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → {elem_type 1, shape 2 → dim 1 → {dim_value 1 | dim_param 2}}.
function valueInfo(r: Reader): OnnxTensorInfo {
  const out: OnnxTensorInfo = { name: '', elemType: 0, dims: [] };
  each(r, (no, f) => {
    if (no === 1) out.name = text(f);
    else if (no === 2)
      each(sub(f), (tno, tf) => {
        if (tno !== 1) return;
        each(sub(tf), (eno, ef) => {
          if (eno === 1) out.elemType = ef.value;
          else if (eno === 2)
            each(sub(ef), (sno, sf) => {
              if (sno !== 1) return;
              let dim: number | string = '?';
              each(sub(sf), (dno, df) => {
                if (dno === 1) dim = df.value;
                else if (dno === 2) dim = text(df);
              });
              out.dims.push(dim);
            });
        });
      });
  });
  return out;
}

/**
 * The parts of an ONNX ModelProto an import checks. OnnxReadError 'not-onnx' when the bytes are
 * not a model (no graph, no IR version, not protobuf at all), 'truncated' when a field runs past
 * the end of a file that otherwise reads as a model.
 */
export function readOnnxModel(bytes: Uint8Array): OnnxModelInfo {
  const info: OnnxModelInfo = {
    irVersion: 0,
    opsetVersion: null,
    producerName: '',
    producerVersion: '',
    metadata: new Map(),
    inputs: [],
    outputs: [],
    ops: new Map(),
    initializers: 0,
  };
  let sawGraph = false;
  let sawOpset = false;
  const r = new Reader(bytes);
  try {
    if (bytes.length === 0) throw new Malformed('empty file');
    each(r, (no, f) => {
      if (no === 1) info.irVersion = f.value;
      else if (no === 2) info.producerName = text(f);
      else if (no === 3) info.producerVersion = text(f);
      else if (no === 7) {
        sawGraph = true;
        each(sub(f), (gno, gf) => {
          if (gno === 1)
            each(sub(gf), (nno, nf) => {
              if (nno === 4) info.ops.set(text(nf), (info.ops.get(text(nf)) ?? 0) + 1);
            });
          else if (gno === 5) info.initializers++;
          else if (gno === 11) info.inputs.push(valueInfo(sub(gf)));
          else if (gno === 12) info.outputs.push(valueInfo(sub(gf)));
        });
      } else if (no === 8) {
        sawOpset = true;
        let domain = '';
        let version = 0;
        each(sub(f), (ono, of) => {
          if (ono === 1) domain = text(of);
          else if (ono === 2) version = of.value;
        });
        if (domain === '' || domain === 'ai.onnx') info.opsetVersion = version;
      } else if (no === 14) {
        let key = '';
        let value = '';
        each(sub(f), (mno, mf) => {
          if (mno === 1) key = text(mf);
          else if (mno === 2) value = text(mf);
        });
        info.metadata.set(key, value);
      }
    });
  } catch (e) {
    if (e instanceof Truncated && info.irVersion > 0) {
      throw new OnnxReadError(`the file is cut short (${bytes.length} bytes; ${e.message}): download or copy it again`, 'truncated');
    }
    if (e instanceof Truncated || e instanceof Malformed) throw new OnnxReadError('this is not an ONNX model file', 'not-onnx');
    throw e;
  }
  if (info.irVersion === 0) throw new OnnxReadError('this is not an ONNX model file (it has no model graph)', 'not-onnx');
  // An IR version but no graph: the file ends between the model's first fields and its graph.
  // An IR version but no graph or no operator set (both required): the file ends between the model's fields.
  if (!sawGraph || !sawOpset)
    throw new OnnxReadError(
      `the file is cut short (${bytes.length} bytes, no ${sawGraph ? 'operator set' : 'model graph'}): download or copy it again`,
      'truncated',
    );
  return info;
}
