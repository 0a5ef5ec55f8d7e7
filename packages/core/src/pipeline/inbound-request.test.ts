import { describe, expect, it } from 'vitest';
import { inboundRequest } from './inbound-request.js';

describe('inboundRequest', () => {
  it('carries the sender, the session key and the time the message waited', () => {
    const { request, options } = inboundRequest(
      {
        channel: 'cli',
        senderId: 'alice',
        chatId: '7',
        content: 'hi',
        media: [],
        metadata: {},
        timestamp: 1_000,
      },
      { model: 'openai/gpt-4o', history: [{ role: 'system', content: 'be brief' }], nowMs: 1_250 },
    );
    expect(request).toMatchObject({
      model: 'openai/gpt-4o',
      senderId: 'alice',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
    });
    expect(options).toEqual({ sessionKey: 'cli:7', queueMs: 250 });
  });
});
