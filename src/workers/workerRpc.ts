// The plumbing every worker client shares: one lazily spawned Worker, messages routed to the job
// that sent them by id, Promises that settle on the job's last message, AbortSignal support, and
// crash handling. Aborting either terminates the worker (the only sure way to stop it mid-run; the
// next job spawns a fresh one) or, for workers that cooperate, posts a cancel message.

/** The reply every worker sends when a job throws. */
export type WorkerFailure = { id: number; type: 'error'; message: string };

function isFailure(m: { type: string }): m is WorkerFailure {
  return m.type === 'error';
}

export interface RunOptions<To> {
  signal?: AbortSignal;
  transfer?: Transferable[];
  /** Message that asks the worker to stop this job; without it abort terminates the worker. */
  cancel?: (id: number) => To;
}

export interface WorkerRpc<To extends { id: number }, From extends { id: number; type: string }> {
  nextId(): number;
  /**
   * Posts `msg` and routes the worker's replies with its id to `onMessage` until it calls
   * `resolve`. A `WorkerFailure` reply rejects with its message.
   */
  run<T>(msg: To, onMessage: (m: Exclude<From, WorkerFailure>, resolve: (v: T) => void) => void, options?: RunOptions<To>): Promise<T>;
  /** Whether a worker is alive now (state it keeps between jobs is lost when it is not). */
  alive(): boolean;
  /** Posts a message to a live worker outside any job (a `stop` that the running job answers itself); no-op when none. */
  post(msg: To): void;
  /** Posts a message outside any job, starting the worker when none is alive (a warm-up ahead of the jobs). */
  wake(msg: To): void;
}

export function createWorkerRpc<To extends { id: number }, From extends { id: number; type: string }>(
  spawn: () => Worker,
  name: string,
): WorkerRpc<To, From> {
  let worker: Worker | null = null;
  let nextId = 1;
  const handlers = new Map<number, { onMessage: (m: From) => void; fail: (e: Error) => void }>();

  function ensureWorker(): Worker {
    if (worker) return worker;
    const w = spawn();
    w.onmessage = (e: MessageEvent<From>) => handlers.get(e.data.id)?.onMessage(e.data);
    w.onerror = (e) => {
      const err = new Error(`${name} worker failed: ${e.message || 'unknown error'}`);
      for (const h of handlers.values()) h.fail(err);
      handlers.clear();
      w.terminate();
      if (worker === w) worker = null;
    };
    worker = w;
    return w;
  }

  return {
    nextId: () => nextId++,
    alive: () => worker !== null,
    post: (msg) => worker?.postMessage(msg),
    wake: (msg) => ensureWorker().postMessage(msg),
    run<T>(msg: To, onMessage: (m: Exclude<From, WorkerFailure>, resolve: (v: T) => void) => void, options: RunOptions<To> = {}) {
      const { signal, transfer, cancel } = options;
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const w = ensureWorker();
        const cleanup = () => {
          handlers.delete(msg.id);
          signal?.removeEventListener('abort', onAbort);
        };
        const onAbort = () => {
          cleanup();
          if (cancel) {
            w.postMessage(cancel(msg.id));
          } else {
            w.terminate();
            if (worker === w) worker = null;
          }
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        handlers.set(msg.id, {
          fail: (e) => {
            cleanup();
            reject(e);
          },
          onMessage: (m) => {
            if (isFailure(m)) {
              cleanup();
              reject(new Error(m.message));
              return;
            }
            onMessage(m as Exclude<From, WorkerFailure>, (v) => {
              cleanup();
              resolve(v);
            });
          },
        });
        w.postMessage(msg, transfer ?? []);
      });
    },
  };
}
