// Backend choice (docs/ARCHITECTURE.md §9.5): WASM unless a hardware WebGPU adapter exists and a timed probe of the
// actual batch finds WebGPU faster; a software adapter never counts, a failed probe falls back to
// WASM, and the reason says which case it was. The probe and the adapter are stand-ins here: the
// real WebGPU path is the e2e smoke test (e2e/train-webgpu.spec.ts).
import { describe, expect, it } from 'vitest';
import type { TrainPlan } from '../calibrator/trainer.ts';
import { chooseBackend, hardwareWebGpu, type BackendProbe, type GpuLike } from './ortWeb.ts';

const plan = {} as TrainPlan;

function probe(gpu: { ok: boolean; reason: string }, ms: { wasm: number; webgpu: number | Error }): BackendProbe & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    gpu: async () => gpu,
    msPerRun: async (provider) => {
      asked.push(provider);
      const v = ms[provider];
      if (v instanceof Error) throw v;
      return v;
    },
  };
}

const adapter = (info: Record<string, unknown> | undefined, isFallbackAdapter?: boolean): GpuLike => ({
  requestAdapter: async () => ({ info, isFallbackAdapter }),
});

describe('chooseBackend', () => {
  const hardware = { ok: true, reason: 'nvidia ampere' };

  it('takes an explicit choice without probing', async () => {
    const p = probe(hardware, { wasm: 1, webgpu: 1 });
    expect(await chooseBackend('webgpu', plan, p)).toEqual({ provider: 'webgpu', reason: 'chosen in the settings' });
    expect(await chooseBackend('wasm', plan, p)).toEqual({ provider: 'wasm', reason: 'chosen in the settings' });
    expect(p.asked).toEqual([]);
  });

  it('stays on WASM without a hardware adapter, saying why, and never times WebGPU', async () => {
    const p = probe({ ok: false, reason: 'the only WebGPU adapter is a software one (google swiftshader)' }, { wasm: 5, webgpu: 1 });
    expect(await chooseBackend('auto', plan, p)).toEqual({
      provider: 'wasm',
      reason: 'the only WebGPU adapter is a software one (google swiftshader)',
    });
    expect(p.asked).toEqual([]);
  });

  it('picks the faster backend of the probe and says by how much', async () => {
    const gpuFaster = await chooseBackend('auto', plan, probe(hardware, { wasm: 40, webgpu: 10 }));
    expect(gpuFaster.provider).toBe('webgpu');
    expect(gpuFaster.probe).toEqual({ wasm: 40, webgpu: 10 });
    expect(gpuFaster.reason).toBe('4.0× faster on this batch in a probe (40 ms per run on WASM, 10 on WebGPU; nvidia ampere)');
    const wasmFaster = await chooseBackend('auto', plan, probe(hardware, { wasm: 12, webgpu: 30 }));
    expect(wasmFaster.provider).toBe('wasm');
    expect(wasmFaster.reason).toMatch(/^2\.5× faster on this batch/);
  });

  it('falls back to WASM when the WebGPU probe fails', async () => {
    const p = probe(hardware, { wasm: 10, webgpu: new Error('device lost') });
    expect(await chooseBackend('auto', plan, p)).toEqual({ provider: 'wasm', reason: 'the WebGPU probe failed (device lost)' });
  });
});

describe('hardwareWebGpu', () => {
  it('counts a named adapter that is not a fallback', async () => {
    expect(await hardwareWebGpu(adapter({ vendor: 'nvidia', architecture: 'ampere' }))).toEqual({ ok: true, reason: 'nvidia ampere' });
  });

  it('refuses SwiftShader and fallback adapters, no adapter, and no WebGPU at all', async () => {
    expect(await hardwareWebGpu(adapter({ vendor: 'google', architecture: 'swiftshader' }))).toEqual({
      ok: false,
      reason: 'the only WebGPU adapter is a software one (google swiftshader)',
    });
    expect((await hardwareWebGpu(adapter({ vendor: 'x', isFallbackAdapter: true }))).ok).toBe(false);
    expect((await hardwareWebGpu(adapter({}, true))).ok).toBe(false);
    expect(await hardwareWebGpu({ requestAdapter: async () => null })).toEqual({ ok: false, reason: 'WebGPU found no adapter' });
    expect(await hardwareWebGpu(undefined)).toEqual({ ok: false, reason: 'this browser offers no WebGPU' });
    expect(
      await hardwareWebGpu({
        requestAdapter: () => Promise.reject(new Error('blocked')),
      }),
    ).toEqual({ ok: false, reason: 'WebGPU adapter request failed (blocked)' });
  });
});
