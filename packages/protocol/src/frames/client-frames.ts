import { z } from 'zod';

// Ids are opaque: one that is not ours names nothing, and the use case answers as for any unknown id.
// Content and clientMessageId are the domain's to check (the same rules as over HTTP); the frame
// itself is bounded by the socket's payload limit.
const Id = z.string();

/** Client → server frames of the contract. Unknown types and fields are errors. */
export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ping') }),
  z.strictObject({ type: z.literal('typing'), conversationId: Id }),
  z.strictObject({ type: z.literal('read'), conversationId: Id, messageId: Id }),
  z.strictObject({
    type: z.literal('message.send'),
    conversationId: Id,
    content: z.string(),
    clientMessageId: z.string().nullable().optional(),
  }),
]);

export type ClientFrame = z.output<typeof ClientFrame>;

/** The frame, or why it is not one (for the `error` frame's detail). */
export function parseClientFrame(
  text: string,
): { ok: true; frame: ClientFrame } | { ok: false; detail: string; clientMessageId?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, detail: 'Frames are JSON objects' };
  }
  const parsed = ClientFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const clientMessageId = (json as { clientMessageId?: unknown } | null)?.clientMessageId;
  return {
    ok: false,
    detail: parsed.error.issues
      .map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`)
      .join('; '),
    ...(typeof clientMessageId === 'string' && { clientMessageId }),
  };
}
