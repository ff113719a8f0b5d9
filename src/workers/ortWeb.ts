// onnxruntime-web for the training worker: loaded lazily (its WASM is ~14 MB, the WebGPU build's
// ~27 MB), so the app opens without it; WebGPU only when the browser has a hardware adapter, and
// then only if a timed probe on the actual batch shows it faster than WASM (docs/ARCHITECTURE.md §9.5).
import type { ExecutionProvider, OrtRuntime } from '../calibrator/engine.ts';
import { timeRuns, type TrainPlan } from '../calibrator/trainer.ts';

export type BackendChoice = 'auto' | 'wasm' | 'webgpu';

export interface BackendDecision {
  provider: Extract<ExecutionProvider, 'wasm' | 'webgpu'>;
  /** Why, in words, for the Train screen. */
  reason: string;
  /** Milliseconds per run of each backend measured by the probe, when one ran. */
  probe?: { wasm: number; webgpu: number };
}

// The WebGPU types we touch (the worker's TypeScript lib has none).
interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface GpuLike {
  requestAdapter(): Promise<{ info?: GpuAdapterInfo; isFallbackAdapter?: boolean } | null>;
}

let wasmRuntime: Promise<OrtRuntime> | null = null;
let webgpuRuntime: Promise<OrtRuntime> | null = null;

/**
 * WASM threads: every core up to 4 when cross-origin isolated (SharedArrayBuffer), else 1. ORT's
 * own default is half the cores, but training is always a batch, and `npm run bench:train` on 2
 * cores measured 2 threads 1.5× faster than 1 at N = 500, B = 64 (0.070 vs 0.102 ms per model-epoch).
 */
function wasmThreads(): number {
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
}

export function loadWasmRuntime(): Promise<OrtRuntime> {
  wasmRuntime ??= (async () => {
    const [ort, wasm] = await Promise.all([import('onnxruntime-web/wasm'), import('onnxruntime-web/ort-wasm-simd-threaded.wasm?url')]);
    ort.env.wasm.wasmPaths = { wasm: wasm.default };
    ort.env.wasm.numThreads = wasmThreads();
    ort.env.logLevel = 'warning';
    return ort;
  })();
  return wasmRuntime;
}

export function loadWebGpuRuntime(): Promise<OrtRuntime> {
  webgpuRuntime ??= (async () => {
    const [ort, wasm] = await Promise.all([
      import('onnxruntime-web/webgpu'),
      import('onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url'),
    ]);
    ort.env.wasm.wasmPaths = { wasm: wasm.default };
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'warning';
    return ort;
  })();
  return webgpuRuntime;
}

/** Whether a hardware WebGPU adapter exists; a software one (SwiftShader, a fallback adapter) does not count. */
export async function hardwareWebGpu(
  gpu: GpuLike | undefined = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu,
): Promise<{ ok: boolean; reason: string }> {
  if (!gpu) return { ok: false, reason: 'this browser offers no WebGPU' };
  let adapter: Awaited<ReturnType<GpuLike['requestAdapter']>>;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { ok: false, reason: `WebGPU adapter request failed (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!adapter) return { ok: false, reason: 'WebGPU found no adapter' };
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  if (info.isFallbackAdapter || adapter.isFallbackAdapter || /swiftshader/i.test(name)) {
    return { ok: false, reason: `the only WebGPU adapter is a software one${name ? ` (${name})` : ''}` };
  }
  return { ok: true, reason: name || 'hardware adapter' };
}

/** What `chooseBackend` asks of the browser: the adapter, and ms per run of the batch on a backend. */
export interface BackendProbe {
  gpu(): Promise<{ ok: boolean; reason: string }>;
  msPerRun(provider: BackendDecision['provider']): Promise<number>;
}

function browserProbe(plan: TrainPlan): BackendProbe {
  return { gpu: () => hardwareWebGpu(), msPerRun: async (provider) => timeRuns(await runtimeFor(provider), provider, plan) };
}

/**
 * Picks the backend for `plan`: the user's explicit choice, or on `auto` WASM unless a hardware
 * WebGPU adapter exists and a probe of three runs of the actual batch on each shows WebGPU faster.
 * The reason is shown after the backend's name ("WASM — the only WebGPU adapter is a software one").
 */
export async function chooseBackend(
  choice: BackendChoice,
  plan: TrainPlan,
  probe: BackendProbe = browserProbe(plan),
): Promise<BackendDecision> {
  if (choice === 'wasm' || choice === 'webgpu') return { provider: choice, reason: 'chosen in the settings' };
  const gpu = await probe.gpu();
  if (!gpu.ok) return { provider: 'wasm', reason: gpu.reason };
  let webgpu: number;
  try {
    webgpu = await probe.msPerRun('webgpu');
  } catch (e) {
    return { provider: 'wasm', reason: `the WebGPU probe failed (${e instanceof Error ? e.message : String(e)})` };
  }
  const wasm = await probe.msPerRun('wasm');
  const faster = webgpu < wasm ? 'webgpu' : 'wasm';
  const ratio = faster === 'webgpu' ? wasm / webgpu : webgpu / wasm;
  return {
    provider: faster,
    reason: `${ratio.toFixed(1)}× faster on this batch in a probe (${Math.round(wasm)} ms per run on WASM, ${Math.round(webgpu)} on WebGPU; ${gpu.reason})`,
    probe: { wasm, webgpu },
  };
}

export function runtimeFor(provider: BackendDecision['provider']): Promise<OrtRuntime> {
  return provider === 'webgpu' ? loadWebGpuRuntime() : loadWasmRuntime();
}
