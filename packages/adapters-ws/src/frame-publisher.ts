import type {
  AlreadyLogged,
  Clock,
  Delivery,
  DomainEvent,
  EventBus,
  EventLog,
  EventPublisher,
} from '@kindred/domain';
import { isReplayable, renderFrames } from '@kindred/protocol';

/**
 * The domain's `EventPublisher` for real time: each event becomes its
 * recipients' frames (protocol's renderer: everything comes with the event),
 * the replayable ones are kept in the event log, which gives them their ids,
 * and every frame goes to the bus, which takes it to the sockets of every node.
 *
 * Runs after the change is stored: a failure here is logged, not reported to
 * the request that made the change (the change happened; a client that
 * missed the frame catches up from the log or over HTTP). Frames an outbox
 * logged with the change (`logged`: a message and its notices) only go live,
 * under the ids they were logged with.
 */
export class FramePublisher implements EventPublisher {
  constructor(
    private readonly eventLog: EventLog,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    /** Read at each event: the public address is known only once the server listens. */
    private readonly mediaBaseUrl: () => string,
    private readonly log: { warn(object: object, message: string): void },
  ) {}

  async publish(event: DomainEvent, logged?: AlreadyLogged): Promise<void> {
    try {
      if (logged) return await this.bus.publish(this.liveOnly(event, logged));
      const at = this.clock.now();
      const frames = renderFrames(event, at, this.mediaBaseUrl());
      if (frames.length === 0) return;
      const replayable = frames.filter((f) => isReplayable(f.type));
      const deliveries: Delivery[] = replayable.length
        ? await this.eventLog.append(replayable.map(({ userId, type, data }) => ({ userId, type, data, at })))
        : [];
      for (const { userId, type, data } of frames)
        if (!isReplayable(type)) deliveries.push({ userId, frame: { type, data, at: at.toISOString() } });
      await this.bus.publish(deliveries);
    } catch (error) {
      this.log.warn({ err: error, event: event.type }, 'a live event could not be delivered');
    }
  }

  private liveOnly(event: DomainEvent, logged: AlreadyLogged): Delivery[] {
    const at = logged.at.toISOString();
    return renderFrames(event, logged.at, this.mediaBaseUrl()).flatMap(({ userId, type, data }) => {
      const id = logged.ids.get(userId);
      // A recipient without an id was not logged (deleted meanwhile): nobody to tell.
      return id === undefined ? [] : [{ userId, frame: { type, data, id, at } }];
    });
  }
}
