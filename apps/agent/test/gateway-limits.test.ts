// Pushing back over real sockets: body size, slow-loris, stream caps, a full queue, budgets and rate limits,
// client disconnects, and closing with turns in flight.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, BOB_TOKEN, type GatewayHarness, startHarness } from './gateway-harness.js';
import { plainRequest } from './http-client.js';

const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const ask = (h: GatewayHarness, token: string, chatId: string) =>
  plainRequest(`${h.gateway.url}/v1/agent/messages`, {
    method: 'POST',
    headers: headers(token),
    body: JSON.stringify({ chatId, content: 'hello' }),
  });

/** Resolves once `condition()` holds, checking every 10 ms (fails the test after `timeoutMs`). */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('gateway limits', () => {
  let harness: GatewayHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('answers 413 to a body over gateway.maxBodyBytes, naming the key', async () => {
    harness = await startHarness({ config: { gateway: { maxBodyBytes: 1024 } } });
    const response = await plainRequest(`${harness.gateway.url}/v1/agent/messages`, {
      method: 'POST',
      headers: headers(ALICE_TOKEN),
      body: JSON.stringify({ chatId: 'c', content: 'x'.repeat(4096) }),
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'body-too-large' });
    expect(JSON.parse(response.body).error.message).toContain('gateway.maxBodyBytes');
  });

  it('cuts a slow-loris client that never finishes its headers', async () => {
    harness = await startHarness({ config: { gateway: { headersTimeoutMs: 300, requestTimeoutMs: 600 } } });
    const { port } = harness.gateway;
    const closed = await new Promise<{ data: string }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ');
        // Then trickle one byte now and then, as a slow-loris client does, never ending the headers. Started only
        // once connected: a tick before the connect (late under load) put an `a` before the method, and the
        // gateway answered 400 for a malformed request instead of 408 for a slow one.
        const trickle = setInterval(() => socket.writable && socket.write('a'), 50);
        socket.once('close', () => clearInterval(trickle));
      });
      let data = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
      socket.once('error', reject);
      socket.once('close', () => resolve({ data }));
    });
    expect(closed.data).toMatch(/^HTTP\/1\.1 408/);
  });

  it('holds 40 turns open at once without a MaxListenersExceededWarning (each links to the drain signal)', async () => {
    harness = await startHarness({
      primary: { fallback: { type: 'answer', text: 'slow', firstTokenDelayMs: 300 } },
      config: { gateway: { maxStreamsPerSender: 100 } },
    });
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          ask(harness as GatewayHarness, ALICE_TOKEN, `many-${index}`),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('refuses a sender over gateway.maxStreamsPerSender with 429 and Retry-After; others still get in', async () => {
    harness = await startHarness({
      primary: { fallback: { type: 'answer', text: 'slow', firstTokenDelayMs: 400 } },
      config: { gateway: { maxStreamsPerSender: 1 } },
    });
    const first = ask(harness, ALICE_TOKEN, 'one');
    await until(() => harness?.primary.requests.length === 1);
    const second = await ask(harness, ALICE_TOKEN, 'two');
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect(JSON.parse(second.body).error).toMatchObject({ code: 'sender-streams' });
    expect((await ask(harness, BOB_TOKEN, 'three')).status).toBe(200);
    expect((await first).status).toBe(200);
  });

  it('answers 429 when the queue is full under policy reject, 503 after queueWaitMs under block', async () => {
    harness = await startHarness({
      primary: { fallback: { type: 'answer', text: 'slow', firstTokenDelayMs: 500 } },
      config: {
        agents: { defaults: { maxConcurrentTurns: 1 } },
        bus: { inboundCapacity: 1, overflowPolicy: 'reject' },
      },
    });
    const held = [ask(harness, ALICE_TOKEN, 'a'), ask(harness, ALICE_TOKEN, 'b')];
    await until(() => harness?.primary.requests.length === 1);
    const refused = await ask(harness, BOB_TOKEN, 'c');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'bus-full' });
    for (const response of await Promise.all(held)) expect(response.status).toBe(200);
    await harness.close();
    harness = await startHarness({
      primary: { fallback: { type: 'answer', text: 'slow', firstTokenDelayMs: 600 } },
      config: {
        agents: { defaults: { maxConcurrentTurns: 1 } },
        bus: { inboundCapacity: 1, overflowPolicy: 'block' },
        gateway: { queueWaitMs: 100 },
      },
    });
    const blocking = [ask(harness, ALICE_TOKEN, 'a'), ask(harness, ALICE_TOKEN, 'b')];
    await until(() => harness?.primary.requests.length === 1);
    const waited = await ask(harness, BOB_TOKEN, 'c');
    expect(waited.status).toBe(503);
    expect(waited.headers['retry-after']).toBeDefined();
    expect(JSON.parse(waited.body).error).toMatchObject({ code: 'queue-timeout' });
    await Promise.all(blocking);
  });

  it('answers 402 naming the budget when the sender is over it, before any model call', async () => {
    harness = await startHarness({
      config: {
        pricing: { 'a/model-a': { inputPerMillionUsd: 1_000_000, outputPerMillionUsd: 1_000_000 } },
        routing: { costBudgets: { senders: { alice: { dailyLimitUsd: 0.01 } }, onExceeded: 'refuse' } },
      },
    });
    const response = await plainRequest(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: headers(ALICE_TOKEN),
      body: JSON.stringify({ model: 'clawft', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(402);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'budget-exceeded' });
    expect(harness.primary.requests).toHaveLength(0);
  });

  it('aborts the turn when the client disconnects mid-stream: the provider request is cancelled', async () => {
    harness = await startHarness({
      primary: { script: [{ type: 'answer', text: 'a b c d', chunks: 4, stallAfterChunks: 1 }] },
    });
    const url = new URL(`${harness.gateway.url}/v1/agent/messages`);
    const req = request(url, { method: 'POST', headers: headers(ALICE_TOKEN) }, (res) => {
      res.once('data', () => req.destroy());
    });
    req.on('error', () => {});
    req.end(JSON.stringify({ chatId: 'gone', content: 'hello', stream: true }));
    await until(() => harness?.primary.requests.length === 1);
    await harness.primary.waitForNoConnections(10_000);
    await until(() => harness?.gateway.metrics !== undefined && harness.runtime.loop.load.held === 0);
    const session = await harness.runtime.loop.sessions.load('gateway:alice/gone');
    expect(session.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('on close, refuses new requests with 503 and answers turns in flight with an error after shutdownMs', async () => {
    harness = await startHarness({
      primary: { fallback: { type: 'hang' } },
      config: { gateway: { shutdownMs: 200 } },
    });
    const inFlight = ask(harness, ALICE_TOKEN, 'x');
    await until(() => harness?.primary.requests.length === 1);
    const closing = harness.gateway.close();
    const response = await inFlight;
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body).error).toMatchObject({ code: 'aborted' });
    await closing;
  });
});
