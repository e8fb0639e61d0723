import { Redis } from 'ioredis';
import type { Delivery, EventBus } from '@kindred/domain';

const DEFAULT_CHANNEL = 'kindred:deliveries';

/**
 * Deliveries through Redis pub/sub, so that every server process behind one
 * load balancer pushes to its own sockets what any process published.
 * Publishing needs one connection, subscribing another (a subscribed Redis
 * connection can do nothing else). Pub/sub is at most once: a node that
 * misses a message while Redis is away leaves it to the client's `?since=`
 * replay from PostgreSQL, where replayable frames are kept.
 */
export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Set<(deliveries: readonly Delivery[]) => void>();
  /** Times a connection to Redis was lost and tried again (for the metrics). */
  reconnects = 0;

  private constructor(
    url: string,
    private readonly channel: string,
    onError: (error: Error) => void,
  ) {
    const options = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    this.publisher.on('error', onError);
    this.subscriber.on('error', onError);
    for (const connection of [this.publisher, this.subscriber])
      connection.on('reconnecting', () => (this.reconnects += 1));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      let deliveries: Delivery[];
      try {
        deliveries = JSON.parse(message) as Delivery[];
      } catch (error) {
        onError(error as Error);
        return;
      }
      for (const handler of this.handlers) handler(deliveries);
    });
  }

  /** `channel`: every process of one deployment must use the same (the default unless several share a Redis). */
  static async connect(
    url: string,
    onError: (error: Error) => void = () => {},
    channel = DEFAULT_CHANNEL,
  ): Promise<RedisEventBus> {
    const bus = new RedisEventBus(url, channel, onError);
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    await bus.subscriber.subscribe(channel);
    return bus;
  }

  async publish(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.publisher.publish(this.channel, JSON.stringify(deliveries));
  }

  subscribe(handler: (deliveries: readonly Delivery[]) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}
