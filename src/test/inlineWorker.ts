// A Worker on this thread for node tests of the store: the app's own worker client talks to the
// worker's own message handler (workers/*Core.ts) through it. Each message is structured-cloned with
// its transfer list, as postMessage does (a transferred buffer is detached on the sending side), and
// delivered in a later task, so a bug at either end of the protocol shows in node too.

export interface InlineWorkerHooks<To, From> {
  /** Sees each message posted to the worker (before it is cloned). */
  onSend?(msg: To): void;
  /** Sees each reply the handler posts. */
  onReply?(msg: From): void;
  /**
   * Whether messages to the worker are structured-cloned (default true). The import worker's carry a
   * File, which a DOM stand-in's File (happy-dom) cannot be cloned as in node: it is passed as is.
   */
  cloneToWorker?: boolean;
}

/**
 * A spawn function for a worker client: each worker it makes runs `makeHandler(post)`, the handler
 * of one worker's lifetime. `terminate()` stops delivery both ways (a job running on this thread
 * still runs to its end, unheard).
 */
export function inlineWorkers<To, From>(
  makeHandler: (post: (m: From, transfer?: Transferable[]) => void) => (msg: To) => void,
  hooks: InlineWorkerHooks<To, From> = {},
): () => Worker {
  return () => {
    let terminated = false;
    const worker = {
      onmessage: null as ((e: MessageEvent<From>) => void) | null,
      onerror: null as ((e: ErrorEvent) => void) | null,
      postMessage(msg: To, transfer: Transferable[] = []) {
        if (terminated) return;
        hooks.onSend?.(msg);
        const data = hooks.cloneToWorker === false ? msg : structuredClone(msg, { transfer });
        setTimeout(() => !terminated && handle(data), 0);
      },
      terminate() {
        terminated = true;
      },
    };
    const handle = makeHandler((m, transfer = []) => {
      if (terminated) return;
      hooks.onReply?.(m);
      const data = structuredClone(m, { transfer });
      setTimeout(() => !terminated && worker.onmessage?.({ data } as MessageEvent<From>), 0);
    });
    return worker as unknown as Worker;
  };
}
