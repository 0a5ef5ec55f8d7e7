// Set-up of the agent loop tests: the pipeline harness (fake providers on 127.0.0.1), a bus, a session store and a
// context builder on the harness workspace, and an AgentLoop over them.
import type { FakeRequest, FakeStep, FakeToolCall } from '@clawft/llm/testing';
import type { ConfigInput, InboundMessage, OutboundMessage } from '@clawft/types';
import { AgentLoop } from '../src/agent/agent-loop.js';
import type { AgentLoopOptions } from '../src/agent/agent-loop-options.js';
import { MessageBus } from '../src/bus/message-bus.js';
import { ContextBuilder } from '../src/context/context-builder.js';
import type { Pipeline } from '../src/pipeline/pipeline.js';
import { SessionStore } from '../src/sessions/session-store.js';
import type { ToolRunner } from '../src/tools/tool-batch.js';
import { type Harness, startHarness } from './pipeline-harness.js';

export interface LoopHarness {
  harness: Harness;
  pipeline: Pipeline;
  bus: MessageBus;
  sessions: SessionStore;
  loop: AgentLoop;
  replies: OutboundMessage[];
  /** Resolves with the next `count` replies received (in arrival order). */
  nextReplies(count: number): Promise<OutboundMessage[]>;
  close(): Promise<void>;
}

let sequence = 0;

/** An inbound message on the `test` channel. */
export function inbound(
  senderId: string,
  chatId: string,
  content: string,
  messageId?: string,
): InboundMessage {
  sequence += 1;
  return {
    channel: 'test',
    senderId,
    chatId,
    content,
    media: [],
    metadata: { messageId: messageId ?? `m${sequence}` },
    timestamp: Date.now(),
  };
}

/** Whether the request the fake server got ends with tool results (the model's second round). */
export function afterTools(request: FakeRequest): boolean {
  const body = request.body as { messages?: { role: string }[] };
  return body.messages?.at(-1)?.role === 'tool';
}

/** A script: ask for `calls` on the first round of every turn, answer `text` after the tool results. */
export function toolsThenAnswer(calls: FakeToolCall[], text: string): (request: FakeRequest) => FakeStep {
  return (request) =>
    afterTools(request) ? { type: 'answer', text } : { type: 'answer', text: '', toolCalls: calls };
}

export async function startLoop(
  options: {
    config?: ConfigInput;
    primary?: FakeStep[] | ((request: FakeRequest) => FakeStep);
    backup?: FakeStep[] | ((request: FakeRequest) => FakeStep);
    tools?: ToolRunner;
    loop?: Partial<AgentLoopOptions>;
  } = {},
): Promise<LoopHarness> {
  const harness = await startHarness(options.config ?? {}, {
    ...(options.primary === undefined ? {} : { primary: options.primary }),
    ...(options.backup === undefined ? {} : { backup: options.backup }),
  });
  const pipeline = await harness.pipeline();
  const bus = new MessageBus({ config: harness.config.bus });
  const sessions = new SessionStore({ workspace: harness.workspace, fsync: false });
  const context = new ContextBuilder({ workspace: harness.workspace });
  const loop = new AgentLoop({
    bus,
    pipeline,
    sessions,
    context,
    ...(options.tools === undefined ? {} : { tools: options.tools }),
    defaults: harness.config.agents.defaults,
    ...options.loop,
  });
  const replies: OutboundMessage[] = [];
  const waiters: { count: number; resolve: (replies: OutboundMessage[]) => void; from: number }[] = [];
  bus.subscribe('test', (reply) => {
    replies.push(reply);
    for (const waiter of waiters.splice(0)) {
      if (replies.length - waiter.from >= waiter.count) waiter.resolve(replies.slice(waiter.from));
      else waiters.push(waiter);
    }
  });
  const dispatching = bus.dispatchOutbound();
  const running = loop.start();
  return {
    harness,
    pipeline,
    bus,
    sessions,
    loop,
    replies,
    nextReplies(count) {
      const from = replies.length;
      return new Promise((resolve) => waiters.push({ count, resolve, from }));
    },
    async close() {
      await loop.shutdown({ deadlineMs: 1000 });
      await running;
      bus.close();
      await dispatching;
      await harness.close();
    },
  };
}
