// A stand-in Worker for the worker clients' tests: it records each message posted to it (with its
// transfer list) and lets the test reply as the worker would. `fakeWorkers` hands a client a spawn
// function and keeps every worker it started, in order (a terminated worker is replaced by the next).

export class FakeWorker<To, From> {
  onmessage: ((e: MessageEvent<From>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: { msg: To; transfer: Transferable[] }[] = [];
  terminated = false;
  postMessage(msg: To, transfer: Transferable[] = []) {
    this.sent.push({ msg, transfer });
  }
  terminate() {
    this.terminated = true;
  }
  reply(m: From) {
    this.onmessage?.({ data: m } as MessageEvent<From>);
  }
}

export function fakeWorkers<To, From>(): { spawn: () => Worker; workers: FakeWorker<To, From>[] } {
  const workers: FakeWorker<To, From>[] = [];
  return {
    workers,
    spawn: () => {
      const w = new FakeWorker<To, From>();
      workers.push(w);
      return w as unknown as Worker;
    },
  };
}
