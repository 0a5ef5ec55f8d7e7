// A client that goes away cancels its turn on the worker that runs it (bus `nats`): the worker aborts the model
// call, records the abort in the session, and acknowledges, so the stream empties and the partition moves on.
import { natsServerBinary } from '@clawft/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { lastUserText, metricValue, pollFor, type ScaleOut, startScaleOut } from './scale-out-harness.js';

const binary = natsServerBinary();

describe.skipIf(binary === undefined)('scale-out: a client disconnect', () => {
  let scale: ScaleOut | undefined;
  afterEach(async () => {
    await scale?.close();
    scale = undefined;
  }, 60_000);

  it('cancels the remote turn: the worker aborts it, the session records it, the message is acknowledged', {
    timeout: 180_000,
  }, async () => {
    const run = await startScaleOut(binary ?? '', {
      llm: {
        script: (request) =>
          lastUserText(request.body) === 'hang'
            ? { type: 'hang' }
            : { type: 'answer', text: `re:${lastUserText(request.body)}` },
      },
    });
    scale = run;
    await run.worker();
    const gateway = await run.gateway();
    const client = new AbortController();
    const gone = run
      .post(
        gateway.url,
        '/v1/agent/messages',
        { chatId: 'c', content: 'hang', stream: true },
        { signal: client.signal },
      )
      .catch((error: Error) => error);
    await pollFor('the model call', () => (run.llm.requests.length === 1 ? true : undefined));
    client.abort();
    expect(await gone).toBeInstanceOf(Error);

    await pollFor('the turn to be acknowledged', async () => {
      const metrics = (await run.get(gateway.url, '/metrics')).body;
      const depth = metricValue(metrics, 'clawft_bus_depth{channel="inbound"}');
      return depth === 0 && metricValue(metrics, 'clawft_gateway_open_turns') === 0 ? true : undefined;
    });
    const history = await run.get(gateway.url, '/v1/sessions/c');
    const messages = (JSON.parse(history.body) as { messages: { role: string; content: string }[] }).messages;
    expect(messages[0]).toMatchObject({ role: 'user', content: 'hang' });
    expect(messages).toHaveLength(2);
    expect(messages[1]?.role).toBe('assistant');
    expect(messages[1]?.content).toMatch(/abort/i);
    // The session's partition is free: the next message of the session is answered.
    const next = await run.post(
      gateway.url,
      '/v1/chat/completions',
      {
        model: 'clawft',
        messages: [{ role: 'user', content: 'after' }],
      },
      { headers: { 'x-clawft-session': 'c' } },
    );
    expect(next.status).toBe(200);
    expect(JSON.parse(next.body).choices[0].message.content).toBe('re:after');
  });
});
