import { Parser } from '@asyncapi/parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildAsyncApiDocument, SERVER_FRAME_NAMES } from './asyncapi.js';
import { SERVER_FRAMES } from './frame-map.js';

const document = buildAsyncApiDocument('1.0.0') as {
  components: { schemas: Record<string, object> };
  operations: Record<string, { action: string }>;
};

describe('the AsyncAPI document of /api/v1/ws', () => {
  it('is valid AsyncAPI 3.0 for the AsyncAPI parser, without errors', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    const names = parsed!
      .allMessages()
      .all()
      .map((m) => m.name());
    expect(names.sort()).toEqual(
      [...Object.keys(SERVER_FRAMES), 'ping', 'typing', 'read', 'message.send'].sort(),
    );
  });

  it('receives every server frame of the map and sends every client frame', () => {
    const actions = Object.values(document.operations).map((o) => o.action);
    expect(actions.filter((a) => a === 'receive')).toHaveLength(Object.keys(SERVER_FRAMES).length);
    expect(actions.filter((a) => a === 'send')).toHaveLength(4);
  });

  it('describes frames as the server makes them (its schemas accept real frames, refuse wrong ones)', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    // One document holding every schema, so that their `#/components/schemas/…` references resolve.
    ajv.addSchema({ $id: 'asyncapi', components: document.components });
    const check = (type: keyof typeof SERVER_FRAME_NAMES, frame: object) =>
      ajv.validate(`asyncapi#/components/schemas/${SERVER_FRAME_NAMES[type]}`, frame);
    const at = '2026-12-01T12:00:00.000Z';
    const message = {
      id: 'm1',
      conversationId: 'c1',
      sender: { id: 'u1', username: 'ada' },
      content: 'hi',
      clientMessageId: null,
      createdAt: at,
    };
    expect(check('message.new', { type: 'message.new', id: '7', data: message, at })).toBe(true);
    expect(check('message.new', { type: 'message.new', data: message, at })).toBe(true); // a send's replay
    expect(check('message.new', { type: 'message.new', data: { ...message, sender: 'ada' }, at })).toBe(
      false,
    );
    expect(
      check('typing', {
        type: 'typing',
        data: { conversationId: 'c1', user: { id: 'u1', username: 'ada' } },
        at,
      }),
    ).toBe(true);
    expect(check('typing', { type: 'typing', data: { conversationId: 'c1' }, at })).toBe(false);
    expect(check('replay.done', { type: 'replay.done', data: { lastId: null }, at })).toBe(true);
    expect(check('error', { type: 'error', data: { code: 'RATE_LIMITED', detail: 'x' }, at })).toBe(true);
  });
});
