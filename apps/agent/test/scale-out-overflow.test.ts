// The bus's overflow policies on the JetStream stream, with no worker running (every accepted message waits): the
// stream never holds more than bus.inboundCapacity, the gateway's /metrics counts what each policy dropped, and a
// refused message is 429 with Retry-After.
import { natsServerBinary } from '@clawft/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainResponse } from './http-client.js';
import {
  type GatewayChild,
  metricValue,
  pollFor,
  type ScaleOut,
  startScaleOut,
} from './scale-out-harness.js';

const binary = natsServerBinary();
const CAPACITY = 4;
const EXTRA = 2;
const DEPTH = 'clawft_bus_depth{channel="inbound"}';

const dropped = (metrics: string, reason: string) =>
  metricValue(metrics, `clawft_bus_dropped{channel="inbound",reason="${reason}"}`);

describe.skipIf(binary === undefined)('scale-out: overflow policies with a stalled worker', () => {
  let scale: ScaleOut | undefined;
  const cancel = new Set<AbortController>();
  afterEach(async () => {
    for (const controller of cancel) controller.abort();
    cancel.clear();
    await scale?.close();
    scale = undefined;
  }, 60_000);

  /** A gateway with the policy, the stream filled to capacity, then EXTRA more sent: their answers (if any). */
  async function overflow(
    policy: string,
    bus: Record<string, unknown> = {},
  ): Promise<{
    run: ScaleOut;
    gateway: GatewayChild;
    first: Promise<PlainResponse>[];
    extra: Promise<PlainResponse>[];
  }> {
    const run = await startScaleOut(binary ?? '');
    scale = run;
    const gateway = await run.gateway({ bus: { inboundCapacity: CAPACITY, overflowPolicy: policy, ...bus } });
    const send = (index: number) => {
      const controller = new AbortController();
      cancel.add(controller);
      const body = { chatId: `c${index}`, content: `m${index}` };
      return run
        .post(gateway.url, '/v1/agent/messages', body, { signal: controller.signal })
        .catch((error: Error): PlainResponse => ({ status: -1, headers: {}, body: error.message }));
    };
    const first = Array.from({ length: CAPACITY }, (_unused, index) => send(index));
    await pollFor('the stream to fill', async () => {
      const metrics = (await run.get(gateway.url, '/metrics')).body;
      return metricValue(metrics, DEPTH) === CAPACITY ? true : undefined;
    });
    const extra = Array.from({ length: EXTRA }, (_unused, index) => send(CAPACITY + index));
    return { run, gateway, first, extra };
  }

  async function metricsOf(run: ScaleOut, gateway: GatewayChild): Promise<string> {
    return (await run.get(gateway.url, '/metrics')).body;
  }

  it('reject: one more is 429 with Retry-After, counted as rejected; the stream stays at its capacity', {
    timeout: 180_000,
  }, async () => {
    const { run, gateway, extra } = await overflow('reject');
    const answers = await Promise.all(extra);
    for (const answer of answers) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBeDefined();
      expect(JSON.parse(answer.body).error.code).toBe('bus-full');
    }
    const metrics = await pollFor('the count', async () => {
      const text = await metricsOf(run, gateway);
      return dropped(text, 'rejected') === EXTRA ? text : undefined;
    });
    expect(metricValue(metrics, DEPTH)).toBe(CAPACITY);
    expect(metricValue(metrics, 'clawft_gateway_refusals_total{reason="bus-full"}')).toBe(EXTRA);
    const ready = await run.get(gateway.url, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toContain('the stream is full');
  });

  it('drop-newest: the new message is dropped (429, counted as newest); the waiting ones stay', {
    timeout: 180_000,
  }, async () => {
    const { run, gateway, extra } = await overflow('drop-newest');
    for (const answer of await Promise.all(extra)) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBeDefined();
    }
    const metrics = await metricsOf(run, gateway);
    expect(dropped(metrics, 'newest')).toBe(EXTRA);
    expect(metricValue(metrics, DEPTH)).toBe(CAPACITY);
  });

  it('drop-oldest: the new messages are accepted, the oldest evicted (counted) and their callers told (429); the bound holds', {
    timeout: 180_000,
  }, async () => {
    const { run, gateway, first } = await overflow('drop-oldest');
    // The evictions are counted before the new messages they made room for are stored: wait for both.
    const metrics = await pollFor('the evictions and the new messages', async () => {
      const text = await metricsOf(run, gateway);
      return dropped(text, 'oldest') === EXTRA && metricValue(text, DEPTH) === CAPACITY ? text : undefined;
    });
    expect(dropped(metrics, 'oldest')).toBe(EXTRA);
    // The callers of the evicted messages (the oldest waiting: the first EXTRA sent) get an answer at once.
    for (const answer of await Promise.all(first.slice(0, EXTRA))) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBeDefined();
      expect(JSON.parse(answer.body).error.code).toBe('bus-full');
    }
    const open = await pollFor('the evicted turns to close', async () => {
      const value = metricValue(await metricsOf(run, gateway), 'clawft_gateway_open_turns');
      return value === CAPACITY ? value : undefined;
    });
    expect(open).toBe(CAPACITY);
  });

  it('block: a publish waits for room up to bus.sendTimeoutMs, then 429; nothing is dropped', {
    timeout: 180_000,
  }, async () => {
    const { run, gateway, extra } = await overflow('block', { sendTimeoutMs: 1_000 });
    for (const answer of await Promise.all(extra)) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBeDefined();
    }
    const metrics = await metricsOf(run, gateway);
    expect(metricValue(metrics, DEPTH)).toBe(CAPACITY);
    for (const reason of ['oldest', 'newest', 'rejected']) expect(dropped(metrics, reason)).toBe(0);
  });
});
