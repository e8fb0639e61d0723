import type { Logger } from 'pino';

/**
 * What a start has opened, closed in reverse order on stop (or when a later
 * step fails). A failing close is logged and the others still run.
 */
export class StopList {
  private readonly steps: (() => Promise<void>)[] = [];

  constructor(private readonly logger: Logger) {}

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  async stopAll(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await step().catch((error: unknown) => this.logger.error({ err: error }, 'error while stopping'));
    }
  }
}
