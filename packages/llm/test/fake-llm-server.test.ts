import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeLlmServer, type FakeLlmServer } from '../src/testing/index.js';

let server: FakeLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(path: string, body: unknown) {
  if (server === undefined) throw new Error('no server');
  const response = await request(`${server.url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    reset: true,
  });
  return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
}

describe('createFakeLlmServer', () => {
  it('answers non-streaming requests with one JSON body in each API shape', async () => {
    server = await createFakeLlmServer({
      script: [
        {
          type: 'answer',
          text: 'hi',
          toolCalls: [{ name: 'f', arguments: { a: 1 } }],
          usage: { inputTokens: 2, outputTokens: 3 },
        },
        { type: 'answer', text: 'yo' },
      ],
    });
    const openai = JSON.parse((await post('/v1/chat/completions', { model: 'gpt' })).body);
    expect(openai).toMatchObject({
      model: 'gpt',
      choices: [
        {
          message: {
            content: 'hi',
            tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: '{"a":1}' } }],
          },
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 2, completion_tokens: 3 },
    });
    const anthropic = JSON.parse((await post('/v1/messages', { model: 'claude' })).body);
    expect(anthropic).toMatchObject({
      model: 'claude',
      content: [{ type: 'text', text: 'yo' }],
      stop_reason: 'end_turn',
    });
  });

  it('sends a realistic error body for a status step, with its headers', async () => {
    server = await createFakeLlmServer({
      script: [
        { type: 'status', status: 529, headers: { 'retry-after': '2' } },
        { type: 'status', status: 404 },
      ],
    });
    const overloaded = await post('/v1/messages', {});
    expect(overloaded.status).toBe(529);
    expect(overloaded.headers['retry-after']).toBe('2');
    expect(JSON.parse(overloaded.body)).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    expect(JSON.parse((await post('/v1/chat/completions', {})).body)).toMatchObject({
      error: { code: 'model_not_found' },
    });
  });

  it('records every request and answers 404 outside the two APIs', async () => {
    server = await createFakeLlmServer();
    expect((await post('/v2/other', {})).status).toBe(404);
    await post('/v1/chat/completions', { model: 'm', stream: false });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({
      api: 'openai',
      method: 'POST',
      path: '/v1/chat/completions',
      body: { model: 'm' },
    });
  });

  it('closes hanging and stalled sockets on close()', async () => {
    server = await createFakeLlmServer({
      script: [{ type: 'hang' }, { type: 'answer', stallAfterChunks: 0, keepaliveEveryMs: 10 }],
    });
    const hanging = post('/v1/chat/completions', {}).catch((error: unknown) => error);
    const stalled = request(`${server.url}/v1/messages`, { method: 'POST', body: '{"stream":true}' });
    const stalledBody = (await stalled).body.text().catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.openConnections).toBe(2);
    await server.close();
    expect(server.openConnections).toBe(0);
    expect(await hanging).toBeInstanceOf(Error);
    expect(await stalledBody).toBeInstanceOf(Error);
    server = undefined;
  });
});
