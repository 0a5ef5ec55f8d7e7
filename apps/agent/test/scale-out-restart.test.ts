// The NATS server restarts mid-run (same port, same store): every message the gateway accepted is answered and in
// its session once, in order; while the server was down the gateway answered 503 with Retry-After at once and
// /readyz said why; the workers said on stderr that they lost it, and carried on.
import { natsServerBinary } from '@clawft/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlainResponse } from './http-client.js';
import { lastUserText, pollFor, type ScaleOut, startScaleOut } from './scale-out-harness.js';

const binary = natsServerBinary();
const SESSIONS = 8;
/** A 503 must come at once, not after a hang: generous for a loaded machine, far below any request timeout. */
const PROMPT_MS = 10_000;
/** An accepted message must be answered; one without an answer this long is lost (the test says which). */
const ANSWER_MS = 120_000;

interface Sent {
  content: string;
  status: number;
  retryAfter: string | undefined;
  elapsedMs: number;
}

describe.skipIf(binary === undefined)('scale-out: the NATS server restarts mid-run', () => {
  let scale: ScaleOut | undefined;
  afterEach(async () => {
    await scale?.close();
    scale = undefined;
  }, 60_000);

  it('loses nothing accepted, and answers 503 with Retry-After while the server is down', {
    timeout: 600_000,
  }, async () => {
    const run = await startScaleOut(binary ?? '', {
      llm: {
        script: (request) => ({
          type: 'answer',
          text: `re:${lastUserText(request.body)}`,
          firstTokenDelayMs: 20,
        }),
      },
    });
    scale = run;
    const workers = await Promise.all([1, 2].map(() => run.worker()));
    const gateway = await run.gateway();
    const sent: Sent[][] = Array.from({ length: SESSIONS }, () => []);
    let stop = false;
    const loops = sent.map(async (list, session) => {
      for (let index = 0; !stop; index += 1) {
        const content = `s${session}-m${index}`;
        const started = performance.now();
        const response = await run
          .post(
            gateway.url,
            '/v1/chat/completions',
            { model: 'clawft', messages: [{ role: 'user', content }] },
            { headers: { 'x-clawft-session': `s${session}` }, signal: AbortSignal.timeout(ANSWER_MS) },
          )
          .catch((error: Error): PlainResponse => ({ status: -1, headers: {}, body: error.message }));
        const elapsedMs = performance.now() - started;
        list.push({
          content,
          status: response.status,
          retryAfter: response.headers['retry-after'] as string,
          elapsedMs,
        });
        if (response.status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    const answered = () => sent.flat().filter((entry) => entry.status === 200).length;
    await pollFor('answers before the restart', () => (answered() >= 40 ? true : undefined));

    await run.nats.stop();
    // The sessions' loops wait for the answers in flight; new requests come in meanwhile (a session of their own).
    const probes: Sent[] = [];
    const refused = await pollFor('a 503 while NATS is down', async () => {
      const started = performance.now();
      const content = `probe-${probes.length}`;
      const response = await run.post(
        gateway.url,
        '/v1/chat/completions',
        { model: 'clawft', messages: [{ role: 'user', content }] },
        { headers: { 'x-clawft-session': 'probe' } },
      );
      const probe = {
        content,
        status: response.status,
        retryAfter: response.headers['retry-after'] as string | undefined,
        elapsedMs: performance.now() - started,
      };
      probes.push(probe);
      return probe.status === 503 ? probe : undefined;
    });
    const ready = await run.get(gateway.url, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toContain('the bus is unavailable');
    await Promise.all(workers.map((worker) => worker.waitFor(/lost the NATS server/, { stream: 'stderr' })));
    const beforeRestart = answered();

    await run.nats.start();
    await pollFor('/readyz after the restart', async () =>
      (await run.get(gateway.url, '/readyz')).status === 200 ? true : undefined,
    );
    await pollFor('answers after the restart', () => (answered() >= beforeRestart + 40 ? true : undefined));
    stop = true;
    await Promise.all(loops);

    const all = [...sent.flat(), ...probes];
    process.stdout.write(
      `scale-out restart: ${all.length} requests, ${answered()} answered, ${all.filter((entry) => entry.status === 503).length} refused with 503\n`,
    );
    expect(refused.retryAfter).toBeDefined();
    expect(all.filter((entry) => entry.status !== 200 && entry.status !== 503)).toEqual([]);
    for (const entry of all.filter((item) => item.status === 503)) {
      expect(entry.retryAfter).toBeDefined();
      expect(entry.elapsedMs).toBeLessThan(PROMPT_MS);
    }
    // Each session holds every answered message once, in the order sent; a message refused with 503 may be in it
    // too (the server may have stored a publish whose acknowledgement was lost), but never twice.
    for (let session = 0; session < SESSIONS; session += 1) {
      const history = await run.get(gateway.url, `/v1/sessions/s${session}`);
      const messages = (JSON.parse(history.body) as { messages: { role: string; content: string }[] })
        .messages;
      const users = messages.filter((message) => message.role === 'user').map((message) => message.content);
      expect(new Set(users).size).toBe(users.length);
      const answeredHere = (sent[session] ?? [])
        .filter((entry) => entry.status === 200)
        .map((entry) => entry.content);
      expect(users.filter((content) => answeredHere.includes(content))).toEqual(answeredHere);
      for (const content of answeredHere) {
        const at = messages.findIndex((message) => message.role === 'user' && message.content === content);
        expect(messages[at + 1]).toMatchObject({ role: 'assistant', content: `re:${content}` });
      }
    }
    for (const worker of workers) expect(worker.stderr()).toContain('answers again');
  });
});
