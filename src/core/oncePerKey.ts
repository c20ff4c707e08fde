// One task per key at a time (Apply Association Now per row): a second start while the first runs is
// refused at once instead of asking again. No vscode here.

export class OncePerKey {
  private readonly running = new Set<string>();

  /** Whether a task runs for `key`. */
  busy(key: string): boolean {
    return this.running.has(key);
  }

  /** Runs `task` unless one runs for `key` already; false (and nothing run) then. */
  async run(key: string, task: () => Promise<void>): Promise<boolean> {
    if (this.running.has(key)) return false;
    this.running.add(key);
    try {
      await task();
    } finally {
      this.running.delete(key);
    }
    return true;
  }
}
