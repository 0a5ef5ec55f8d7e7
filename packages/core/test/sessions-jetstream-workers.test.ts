// A conversation across three worker processes (each an agent loop with its own JetStream bus connection and its
// own JetStream session store, in its own workspace): every turn sees the whole history whichever worker ran the
// turns before it, and a worker killed (SIGKILL) with a tool call in flight has its turn resumed by another from
// the shared session: answered once, no orphan tool call, nothing doubled.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FakeRequest, FakeStep } from '@clawft/llm/testing';
import type { ChatMessage, InboundMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { BusTurnClient, createJetStreamBus, createJetStreamSessionStore } from '../src/index.js';
import { unmatchedToolCall } from '../src/sessions/check-tool-groups.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';
import { lastUserText, startHarness } from './pipeline-harness.js';

const binary = natsServerBinary();
const TURNS = 8;
const KILLED_TURN = 4;
const FIXTURE = join(import.meta.dirname, 'fixtures/sessions-jetstream-worker.ts');

function inbound(turn: number): InboundMessage {
  const metadata = { messageId: `q${turn}` };
  return {
    channel: 'conv',
    senderId: 'u',
    chatId: 'c1',
    content: `question ${turn}`,
    media: [],
    metadata,
    timestamp: 0,
  };
}

const callOf = (turn: number) => ({
  id: `call-${turn}`,
  name: 'wait',
  arguments: { id: `call-${turn}`, ms: 300 },
});

/** The history after `turns` turns: each a question, a wait tool call with its result, an answer. */
function expectedHistory(turns: number): ChatMessage[] {
  return Array.from({ length: turns }, (_, turn): ChatMessage[] => [
    { role: 'user', content: `question ${turn}` },
    { role: 'assistant', content: '', toolCalls: [callOf(turn)] },
    { role: 'tool', toolCallId: `call-${turn}`, name: 'wait', content: 'waited 300 ms', isError: false },
    { role: 'assistant', content: `answer ${turn}`, toolCalls: [] },
  ]).flat();
}

/** `role: text` of each message of a request after the system prompt. */
function transcript(request: FakeRequest): string[] {
  const body = request.body as { messages?: { role: string; content?: unknown }[] };
  return (body.messages ?? [])
    .filter((message) => message.role !== 'system')
    .map((message) => `${message.role}: ${typeof message.content === 'string' ? message.content : ''}`);
}

interface Worker {
  child: ChildProcess;
  exited: Promise<unknown>;
  /** Pids of the tool calls this worker started, by call id. */
  tools: Map<string, number>;
}

async function spawnWorker(config: object): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const tools = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited with ${String(code)} before it was ready`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
      const line = JSON.parse(text) as { ready?: boolean; tool?: string; pid?: number };
      if (line.ready === true) resolve();
      if (line.tool !== undefined) tools.set(line.tool, line.pid ?? 0);
    });
  });
  return { child, exited, tools };
}

describe.skipIf(binary === undefined)('Sessions shared by worker processes', { timeout: 240_000 }, () => {
  const server = useNatsServer(binary);

  it('continues a conversation on whichever worker takes it, and resumes a killed worker’s turn', async () => {
    const seen = new Map<number, string[][]>();
    const script = (request: FakeRequest): FakeStep => {
      const turn = Number(lastUserText(request).replace('question ', ''));
      const body = request.body as { messages?: { role: string }[] };
      if (body.messages?.at(-1)?.role === 'tool') return { type: 'answer', text: `answer ${turn}` };
      seen.set(turn, [...(seen.get(turn) ?? []), transcript(request)]);
      return { type: 'answer', text: '', toolCalls: [callOf(turn)] };
    };
    const nats = {
      servers: [server.url],
      stream: 'WORK',
      sessionStream: 'WORK_SESSIONS',
      subjectPrefix: 'work',
      partitions: 1,
      ackWaitMs: 1500,
    };
    const bus = { transport: 'nats' as const, store: 'nats' as const, nats };
    const harness = await startHarness(
      { bus, agents: { defaults: { memoryWindow: 500 } } },
      { primary: script },
    );
    const workspaces: string[] = [];
    const workers: Worker[] = [];
    const client = await createJetStreamBus({ config: bus });
    const observer = await createJetStreamSessionStore({ config: bus });
    try {
      for (let index = 0; index < 3; index += 1) {
        const workspace = await mkdtemp(join(tmpdir(), 'clawft-worker-'));
        workspaces.push(workspace);
        const { defaults } = harness.config.agents;
        workers.push(
          await spawnWorker({ ...harness.config, agents: { defaults: { ...defaults, workspace } } }),
        );
      }
      const turns = new BusTurnClient(client);
      let killed: number | undefined;
      for (let turn = 0; turn < TURNS; turn += 1) {
        const answering = turns.runTurn(inbound(turn));
        if (turn === KILLED_TURN) {
          // SIGKILL the worker running this turn's tool call: its delivery comes back to another after ackWaitMs.
          const runs = (worker: Worker) => worker.tools.has(`call-${turn}`);
          await expect.poll(() => workers.some(runs), { timeout: 60_000 }).toBe(true);
          const running = workers.find(runs) as Worker;
          killed = running.child.pid;
          running.child.kill('SIGKILL');
          await running.exited;
        }
        const { reply } = await answering;
        expect(reply.content).toBe(`answer ${turn}`);
        // Every model call of the turn (two for the resumed one) saw the whole history before it, in order.
        const before = expectedHistory(turn).map((message) => `${message.role}: ${message.content}`);
        for (const seenByModel of seen.get(turn) ?? [])
          expect(seenByModel).toEqual([...before, `user: question ${turn}`]);
        const { messages } = await observer.load('conv:c1');
        expect(messages).toEqual(expectedHistory(turn + 1));
        expect(unmatchedToolCall(messages)).toBeUndefined();
      }
      expect(seen.get(KILLED_TURN)).toHaveLength(2);
      const ranBy = (turn: number) => workers.find((worker) => worker.tools.has(`call-${turn}`))?.child.pid;
      // After the kill, the turns (the resumed one first) ran on the other workers.
      for (let turn = KILLED_TURN + 1; turn < TURNS; turn += 1) expect(ranBy(turn)).not.toBe(killed);
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((worker) => worker.exited));
      await Promise.all([client.close(), observer.close(), harness.close()]);
      await Promise.all(workspaces.map((workspace) => rm(workspace, { recursive: true, force: true })));
    }
  });
});
