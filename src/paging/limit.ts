/** Runs at most `max` tasks at once; the rest wait in order. A task whose signal aborts while
 * waiting never starts. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const start = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const at = this.waiting.indexOf(start);
          if (at !== -1) this.waiting.splice(at, 1);
          reject(abortError());
        };
        if (signal?.aborted) return reject(abortError());
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(start);
      });
    }
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

function abortError(): Error {
  const error = new Error('The request was cancelled before it started.');
  error.name = 'AbortError';
  return error;
}
