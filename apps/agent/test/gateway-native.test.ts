// The native endpoint read by a plain node:http client, auth on every route but /healthz, and a sender's sessions.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALICE_TOKEN, BOB_TOKEN, type GatewayHarness, startHarness } from './gateway-harness.js';
import { plainRequest, sseEvents } from './http-client.js';

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

describe('gateway /v1/agent/messages', () => {
  let harness: GatewayHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('streams every event of a turn as SSE: tool start and finish, failover, reset, text, the outcome', async () => {
    harness = await startHarness({
      primary: {
        script: [
          { type: 'answer', text: '', toolCalls: [{ name: 'read_file', arguments: { path: 'notes.txt' } }] },
          { type: 'answer', text: 'It says something else', chunks: 4, cutAfterChunks: 2 },
        ],
      },
      backup: { script: [{ type: 'answer', text: 'It says blue.', firstTokenDelayMs: 300 }] },
      config: { gateway: { keepAliveCommentMs: 50 } },
    });
    await writeFile(join(harness.workspace, 'notes.txt'), 'blue');
    const response = await plainRequest(`${harness.gateway.url}/v1/agent/messages`, {
      method: 'POST',
      headers: json(ALICE_TOKEN),
      body: JSON.stringify({ chatId: 'notes', content: 'what do my notes say?', stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = sseEvents(response.body);
    const types = events.map((event) => event.event);
    expect(types[0]).toBe('turn-start');
    expect(types).toContain('tool-start');
    expect(types).toContain('tool-finish');
    expect(types.at(-1)).toBe('turn-finish');
    const parts = events
      .filter((e) => e.event === 'part')
      .map((e) => (JSON.parse(e.data) as { part: { type: string } }).part.type);
    expect(parts).toEqual(expect.arrayContaining(['tool-call', 'failover', 'reset', 'text-delta', 'finish']));
    const finish = JSON.parse(events.at(-1)?.data ?? '{}') as { outcome: { end: string; content: string } };
    expect(finish.outcome).toMatchObject({ end: 'answered', content: 'It says blue.' });
    expect(response.body).toContain(': keep-alive\n\n');
  });

  it('answers with one JSON reply without stream', async () => {
    harness = await startHarness({ primary: { script: [{ type: 'answer', text: 'hi alice' }] } });
    const response = await plainRequest(`${harness.gateway.url}/v1/agent/messages`, {
      method: 'POST',
      headers: json(ALICE_TOKEN),
      body: JSON.stringify({ chatId: 'c1', content: 'hello' }),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      content: 'hi alice',
      sessionKey: 'gateway:alice/c1',
      outcome: { end: 'answered' },
    });
  });

  it('names the field at fault in a bad body (400)', async () => {
    harness = await startHarness();
    const response = await plainRequest(`${harness.gateway.url}/v1/agent/messages`, {
      method: 'POST',
      headers: json(ALICE_TOKEN),
      body: JSON.stringify({ chatId: 'no spaces allowed', content: 'x' }),
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'invalid-request', param: 'chatId' } });
  });
});

describe('gateway auth and sessions', () => {
  let harness: GatewayHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('serves /healthz without a token, refuses everything else without one or with a wrong one (401)', async () => {
    harness = await startHarness();
    const url = harness.gateway.url;
    expect((await plainRequest(`${url}/healthz`)).status).toBe(200);
    for (const path of ['/readyz', '/metrics', '/v1/sessions']) {
      const none = await plainRequest(`${url}${path}`);
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toMatch(/^Bearer /);
      const wrong = await plainRequest(`${url}${path}`, {
        headers: { authorization: 'Bearer not-a-real-token-at-all' },
      });
      expect(wrong.status).toBe(401);
      expect(JSON.parse(wrong.body)).toMatchObject({ error: { code: 'unauthorized' } });
    }
    const post = await plainRequest(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(401);
    expect(harness.primary.requests).toHaveLength(0);
    // bob's token is configured as its sha256 only.
    expect(
      (await plainRequest(`${url}/readyz`, { headers: { authorization: `Bearer ${BOB_TOKEN}` } })).status,
    ).toBe(200);
  });

  it("lists, reads and deletes the caller's sessions; another sender's session id is 404", async () => {
    harness = await startHarness({ primary: { script: [{ type: 'answer', text: 'noted' }] } });
    const url = harness.gateway.url;
    const sent = await plainRequest(`${url}/v1/agent/messages`, {
      method: 'POST',
      headers: json(ALICE_TOKEN),
      body: JSON.stringify({ chatId: 'plans', content: 'remember the plan' }),
    });
    expect(sent.status).toBe(200);
    const alice = { authorization: `Bearer ${ALICE_TOKEN}` };
    const bob = { authorization: `Bearer ${BOB_TOKEN}` };
    const list = JSON.parse((await plainRequest(`${url}/v1/sessions`, { headers: alice })).body) as {
      data: { id: string }[];
    };
    expect(list.data.map((s) => s.id)).toEqual(['plans']);
    expect(JSON.parse((await plainRequest(`${url}/v1/sessions`, { headers: bob })).body)).toEqual({
      data: [],
    });
    const read = await plainRequest(`${url}/v1/sessions/plans`, { headers: alice });
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body).messages.map((m: { content: string }) => m.content)).toEqual([
      'remember the plan',
      'noted',
    ]);
    expect((await plainRequest(`${url}/v1/sessions/plans`, { headers: bob })).status).toBe(404);
    expect((await plainRequest(`${url}/v1/sessions/plans`, { method: 'DELETE', headers: bob })).status).toBe(
      404,
    );
    expect(
      (await plainRequest(`${url}/v1/sessions/plans`, { method: 'DELETE', headers: alice })).status,
    ).toBe(204);
    expect((await plainRequest(`${url}/v1/sessions/plans`, { headers: alice })).status).toBe(404);
  });

  it('exposes Prometheus metrics with units in their names', async () => {
    harness = await startHarness({ primary: { script: [{ type: 'answer', text: 'x' }] } });
    await plainRequest(`${harness.gateway.url}/v1/agent/messages`, {
      method: 'POST',
      headers: json(ALICE_TOKEN),
      body: JSON.stringify({ chatId: 'm', content: 'hello' }),
    });
    const metrics = await plainRequest(`${harness.gateway.url}/metrics`, {
      headers: { authorization: `Bearer ${ALICE_TOKEN}` },
    });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    for (const name of [
      'clawft_bus_depth',
      'clawft_turn_latency_seconds_bucket',
      'clawft_llm_attempts_total',
      'clawft_gateway_requests_total',
    ])
      expect(metrics.body).toContain(name);
    expect(metrics.body).toMatch(/clawft_turn_latency_seconds_count\{end="answered"\} 1/);
  });
});
