import type { Frame, LoggedFrame } from '@kindred/domain';
import { renderFrames } from '@kindred/protocol';

/**
 * A logged entry as its member receives it: a frame kept rendered is sent as
 * it is; an outbox's event is rendered now, with the same renderer as live
 * frames (so a replayed `message.new` is the frame that went out live, save
 * for a username changed since). null when the event renders nothing for
 * this member.
 */
export function frameOf(entry: LoggedFrame, userId: string, mediaBaseUrl: string): Frame | null {
  if (!('event' in entry)) return entry;
  const rendered = renderFrames(entry.event, new Date(entry.at), mediaBaseUrl).find(
    (f) => f.userId === userId,
  );
  return rendered ? { type: rendered.type, data: rendered.data, id: entry.id, at: entry.at } : null;
}
