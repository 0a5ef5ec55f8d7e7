// A conversation of 20 turns alternating between three agent loops, each wired by createAgentLoop from a config
// with bus.store "nats" (its own JetStream session store and connection): every turn sees the whole history, in
// order, whichever loop ran the turns before it.
import type { FakeRequest, FakeStep } from '@clawft/llm/testing';
import type { ChatMessage, InboundMessage } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import type { AgentLoop } from '../src/agent/agent-loop.js';
import { createAgentLoop } from '../src/agent/create-agent-loop.js';
import { createJetStreamSessionStore } from '../src/sessions-jetstream/create-jetstream-session-store.js';
import { createTestTools } from './agent-tools.js';
import { natsServerBinary, useNatsServer } from './helpers/nats-server.js';
import { type Harness, lastUserText, startHarness } from './pipeline-harness.js';

const binary = natsServerBinary();
const TURNS = 20;

/** Every third turn calls the echo tool before it answers. */
const usesTool = (turn: number) => turn % 3 === 1;

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

/** The history the session must hold after `turns` turns. */
function expectedHistory(turns: number): ChatMessage[] {
  const history: ChatMessage[] = [];
  for (let turn = 0; turn < turns; turn += 1) {
    history.push({ role: 'user', content: `question ${turn}` });
    if (usesTool(turn)) {
      const call = { id: `call-${turn}`, name: 'echo', arguments: { text: `echo ${turn}` } };
      history.push({ role: 'assistant', content: '', toolCalls: [call] });
      history.push({
        role: 'tool',
        toolCallId: call.id,
        name: 'echo',
        content: `echo ${turn}`,
        isError: false,
      });
    }
    history.push({ role: 'assistant', content: `answer ${turn}`, toolCalls: [] });
  }
  return history;
}

/** `role: text` of each message a request carried after the system prompt. */
function transcript(request: FakeRequest): string[] {
  const body = request.body as { messages?: { role: string; content?: unknown }[] };
  return (body.messages ?? [])
    .filter((message) => message.role !== 'system')
    .map((message) => `${message.role}: ${typeof message.content === 'string' ? message.content : ''}`);
}

describe.skipIf(binary === undefined)('A conversation across three agent loops', { timeout: 180_000 }, () => {
  const server = useNatsServer(binary);

  it('keeps the history complete and in order on every turn, whichever loop runs it', async () => {
    const seen = new Map<number, string[]>();
    const script = (request: FakeRequest): FakeStep => {
      const turn = Number(lastUserText(request).replace('question ', ''));
      const body = request.body as { messages?: { role: string }[] };
      const afterTool = body.messages?.at(-1)?.role === 'tool';
      if (!afterTool) seen.set(turn, transcript(request));
      if (usesTool(turn) && !afterTool) {
        const call = { id: `call-${turn}`, name: 'echo', arguments: { text: `echo ${turn}` } };
        return { type: 'answer', text: '', toolCalls: [call] };
      }
      return { type: 'answer', text: `answer ${turn}` };
    };
    const nats = { servers: [server.url], subjectPrefix: 'conv', sessionStream: 'CONV' };
    const config = { bus: { store: 'nats' as const, nats }, agents: { defaults: { memoryWindow: 500 } } };
    const harnesses: Harness[] = [];
    const loops: AgentLoop[] = [];
    const observer = await createJetStreamSessionStore({ config: config.bus });
    try {
      for (let index = 0; index < 3; index += 1) {
        const harness = await startHarness(config, { primary: script });
        harnesses.push(harness);
        const tools = createTestTools();
        loops.push(await createAgentLoop({ config: harness.config, tools, pipeline: { costStore: false } }));
      }
      for (let turn = 0; turn < TURNS; turn += 1) {
        const loop = loops[turn % loops.length] as AgentLoop;
        const { reply } = await loop.runTurn(inbound(turn));
        expect(reply.content).toBe(`answer ${turn}`);
        // The model saw every earlier turn, in order, whichever loop ran it.
        const before = expectedHistory(turn).map((message) => `${message.role}: ${message.content}`);
        expect(seen.get(turn)).toEqual([...before, `user: question ${turn}`]);
        expect((await observer.load('conv:c1')).messages).toEqual(expectedHistory(turn + 1));
      }
    } finally {
      for (const loop of loops) {
        await loop.shutdown({ deadlineMs: 1000 });
        await loop.sessions.close?.();
      }
      await observer.close();
      await Promise.all(harnesses.map((harness) => harness.close()));
    }
  });
});
