/**
 * Runs many small requests as few statements: requests that arrive while
 * earlier ones are being written (or within the same tick) go together in
 * the next statement. Under load one round trip carries hundreds of
 * messages; at rest a request waits for nothing but its own statement.
 * `run` answers one result per input, in order.
 */
export class Batcher<I, R> {
  private queue: { input: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<R[]>,
    private readonly options: { maxBatch?: number; maxConcurrent?: number } = {},
  ) {}

  load(input: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= (this.options.maxConcurrent ?? 2)) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.queue.length === 0 || this.running >= (this.options.maxConcurrent ?? 2)) return;
    const batch = this.queue.splice(0, this.options.maxBatch ?? 500);
    this.running += 1;
    try {
      // A deadlock with another process's statement is run again by the Database (sql/sql.ts).
      const results = await this.run(batch.map((b) => b.input));
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      this.running -= 1;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
