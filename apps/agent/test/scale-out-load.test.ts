// Scale-out for real: 2 `clawft serve` gateways and 3 `clawft worker`s (built CLI, child processes) on one
// nats-server of this test, all workers on one workspace (one machine), the fake provider answering every turn.
// 1,000 messages over 50 sessions through the HTTP API: every one answered once, in order in its session.
import { natsServerBinary } from '@clawft/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { lastUserText, metricValue, pollFor, type ScaleOut, startScaleOut } from './scale-out-harness.js';

const binary = natsServerBinary();
const SESSIONS = 50;
const PER_SESSION = 20;

describe.skipIf(binary === undefined)('scale-out: 2 gateways, 3 workers on NATS JetStream', () => {
  let scale: ScaleOut | undefined;
  afterEach(async () => {
    await scale?.close();
    scale = undefined;
  }, 60_000);

  it(`answers ${SESSIONS * PER_SESSION} messages across ${SESSIONS} sessions: none lost, none twice, each session in order`, {
    timeout: 600_000,
  }, async () => {
    const run = await startScaleOut(binary ?? '', {
      llm: { script: (request) => ({ type: 'answer', text: `re:${lastUserText(request.body)}` }) },
    });
    scale = run;
    const workers = await Promise.all([1, 2, 3].map(() => run.worker()));
    const gateways = await Promise.all([1, 2].map(() => run.gateway()));
    // Read before any worker wrote: a gateway must not keep serving what it read then (the workers append).
    for (const gateway of gateways) expect((await run.get(gateway.url, '/v1/sessions/s0')).status).toBe(404);
    const started = performance.now();
    const statuses = new Map<number, number>();
    const wrong: string[] = [];
    // Each session sends its next message once the last is answered, alternating gateways; 50 sessions at once.
    await Promise.all(
      Array.from({ length: SESSIONS }, async (_unused, session) => {
        for (let index = 0; index < PER_SESSION; index += 1) {
          const gateway = gateways[(session + index) % gateways.length];
          const content = `s${session}-m${index}`;
          const response = await run.post(
            gateway?.url ?? '',
            '/v1/chat/completions',
            { model: 'clawft', messages: [{ role: 'user', content }] },
            { headers: { 'x-clawft-session': `s${session}` } },
          );
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const answer = response.status === 200 ? JSON.parse(response.body) : undefined;
          if (answer?.choices?.[0]?.message?.content !== `re:${content}`)
            wrong.push(`${content}: ${response.status} ${response.body.slice(0, 200)}`);
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    process.stdout.write(
      `scale-out load: ${SESSIONS * PER_SESSION} messages in ${Math.round(elapsedMs)} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}, provider calls ${run.llm.requests.length}\n`,
    );
    expect(wrong).toEqual([]);
    expect(statuses.get(200)).toBe(SESSIONS * PER_SESSION);

    for (let session = 0; session < SESSIONS * gateways.length; session += 1) {
      const history = await run.get(
        gateways[Math.floor(session / SESSIONS)]?.url ?? '',
        `/v1/sessions/s${session % SESSIONS}`,
      );
      expect(history.status).toBe(200);
      const messages = (JSON.parse(history.body) as { messages: { role: string; content: string }[] })
        .messages;
      const expected = Array.from({ length: PER_SESSION }, (_unused, index) => [
        `user:s${session % SESSIONS}-m${index}`,
        `assistant:re:s${session % SESSIONS}-m${index}`,
      ]).flat();
      expect(messages.map((message) => `${message.role}:${message.content}`)).toEqual(expected);
    }
    for (const gateway of gateways) {
      const metrics = (await run.get(gateway.url, '/metrics')).body;
      expect(metricValue(metrics, 'clawft_bus_duplicate_replies')).toBe(0);
      expect(metricValue(metrics, 'clawft_bus_up')).toBe(1);
    }
    // Every delivery is acknowledged (just after its reply): the work-queue stream empties.
    await pollFor('the stream to empty', async () => {
      const metrics = (await run.get(gateways[0]?.url ?? '', '/metrics')).body;
      return metricValue(metrics, 'clawft_bus_depth{channel="inbound"}') === 0 ? true : undefined;
    });
    // SIGTERM drains: every process exits 0.
    const codes = await Promise.all([...gateways, ...workers].map((child) => child.stop('SIGTERM')));
    expect(codes).toEqual([0, 0, 0, 0, 0]);
  });
});
