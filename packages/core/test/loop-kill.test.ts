// A loop worker process killed with SIGKILL while a tool call runs: its message is redelivered (after the ack wait)
// to a loop in another process on the same workspace, which resumes the turn and answers it once. The session
// holds the user message once, no tool call without its result, and the final reply.
import type { FakeRequest, FakeStep } from '@clawft/llm/testing';
import { describe, expect, it } from 'vitest';
import { BusTurnClient, createJetStreamBus } from '../src/index.js';
import { unmatchedToolCall } from '../src/sessions/check-tool-groups.js';
import { SessionStore } from '../src/sessions/session-store.js';
import { afterTools } from './agent-harness.js';
import { type LoopWorker, spawnLoopWorker, stopLoopWorker } from './helpers/loop-workers.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';
import { startHarness } from './pipeline-harness.js';

const binary = natsServerBinary();

describe.skipIf(binary === undefined)('AgentLoop worker killed mid-tool', () => {
  const server = useNatsServer(binary);

  it('has its message resumed by a worker in another process and answered once', async () => {
    let firstRounds = 0;
    // The first worker's tool call outlives it; the second worker's (same round, asked again) is quick.
    const script = (request: FakeRequest): FakeStep => {
      if (afterTools(request)) return { type: 'answer', text: 'done' };
      firstRounds += 1;
      const ms = firstRounds === 1 ? 60_000 : 10;
      return {
        type: 'answer',
        text: '',
        toolCalls: [{ id: `call-${firstRounds}`, name: 'wait', arguments: { ms } }],
      };
    };
    const nats = { servers: [server.url], stream: 'LK', subjectPrefix: 'lk', partitions: 2, ackWaitMs: 1500 };
    const harness = await startHarness({ bus: { transport: 'nats', nats } }, { primary: script });
    const client = await createJetStreamBus({ config: { nats } });
    const workers: LoopWorker[] = [];
    try {
      for (let index = 0; index < 2; index += 1)
        workers.push(await spawnLoopWorker(harness.config, 'http:kill'));
      const running = new BusTurnClient(client).runTurn({
        channel: 'http',
        senderId: 'u1',
        chatId: 'kill',
        content: 'run the slow tool',
        media: [],
        metadata: { messageId: 'kill-1' },
        timestamp: Date.now(),
      });
      await expect.poll(() => workers.flatMap((worker) => worker.tools).length, { timeout: 20_000 }).toBe(1);
      const victim = workers.find((worker) => worker.tools.length === 1);
      const survivor = workers.find((worker) => worker !== victim);
      victim?.child.kill('SIGKILL');
      await victim?.exited;

      const result = await running;
      expect(result.reply.content).toBe('done');
      expect(survivor?.tools.map((line) => line.callId)).toEqual(['call-2']);
      const session = await new SessionStore({ workspace: harness.workspace }).load('http:kill');
      expect(session.messages.map((message) => message.role)).toEqual([
        'user',
        'assistant',
        'tool',
        'assistant',
      ]);
      expect(session.messages.filter((message) => message.role === 'user')).toHaveLength(1);
      expect(unmatchedToolCall(session.messages)).toBeUndefined();
      expect(session.messages.at(-1)?.content).toBe('done');
      expect(session.turnOf('kill-1')).toMatchObject({ state: 'done', reply: { content: 'done' } });
      // Answered once: nothing more comes, and the model saw the first round twice and the second once.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(await client.transportMetrics()).toMatchObject({ duplicateReplies: 0, inboundDepth: 0 });
      expect(harness.primary.requests).toHaveLength(3);
    } finally {
      await Promise.all(workers.map(stopLoopWorker));
      await client.close();
      await harness.close();
    }
  }, 90_000);
});
