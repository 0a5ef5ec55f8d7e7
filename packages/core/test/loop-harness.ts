// Set-up of the loop-on-a-transport tests: the pipeline harness (fake providers on 127.0.0.1) and an AgentLoop
// consuming a given BusTransport (in-process or JetStream), with sessions and context on the harness workspace.
import type { FakeRequest, FakeStep } from '@clawft/llm/testing';
import type { ConfigInput, OutboundMessage } from '@clawft/types';
import { AgentLoop } from '../src/agent/agent-loop.js';
import type { AgentLoopOptions } from '../src/agent/agent-loop-options.js';
import type { TurnProblem } from '../src/agent/turn-deps.js';
import type { BusTransport, InboundDelivery } from '../src/bus/bus-transport.js';
import { ContextBuilder } from '../src/context/context-builder.js';
import { SessionStore } from '../src/sessions/session-store.js';
import type { ToolRunner } from '../src/tools/tool-batch.js';
import { type Harness, startHarness } from './pipeline-harness.js';

export interface BusLoop {
  harness: Harness;
  loop: AgentLoop;
  sessions: SessionStore;
  problems: TurnProblem[];
  running: Promise<void>;
  close(): Promise<void>;
}

/** A loop over `bus` (started), answering with the fake `primary` provider. */
export async function startBusLoop(options: {
  bus: BusTransport;
  primary?: FakeStep[] | ((request: FakeRequest) => FakeStep);
  config?: ConfigInput;
  sessions?: (workspace: string) => SessionStore;
  loop?: Partial<AgentLoopOptions>;
  tools?: ToolRunner;
}): Promise<BusLoop> {
  const harness = await startHarness(
    options.config ?? {},
    options.primary === undefined ? {} : { primary: options.primary },
  );
  const pipeline = await harness.pipeline({ costFile: false });
  // The workspace of the config: another loop's when the test shares one between loops.
  const { workspace } = harness.config.agents.defaults;
  const sessions = options.sessions?.(workspace) ?? new SessionStore({ workspace, fsync: false });
  const problems: TurnProblem[] = [];
  const loop = new AgentLoop({
    bus: options.bus,
    pipeline,
    sessions,
    context: new ContextBuilder({ workspace }),
    defaults: harness.config.agents.defaults,
    ...(options.tools === undefined ? {} : { tools: options.tools }),
    onProblem: (problem) => void problems.push(problem),
    ...options.loop,
  });
  const running = loop.start();
  return {
    harness,
    loop,
    sessions,
    problems,
    running,
    async close() {
      await loop.shutdown({ deadlineMs: 1000 });
      await running;
      await harness.close();
    },
  };
}

/** What a delivery's consumer did with it, in order. */
export type SettleEvent = { action: 'ack' | 'nak' | 'term'; messageId: string; deliveryCount: number };

/** What `recordingTransport` records and changes. */
export interface RecordingHooks {
  /** Runs before each settle is recorded (e.g. to read the session at the moment the loop acknowledges). */
  before?: (event: SettleEvent) => Promise<void>;
  /** Receives every reply a delivery publishes, with its delivery count. */
  replies?: { deliveryCount: number; reply: OutboundMessage }[];
  /** An ack that never reaches the server when this holds: the delivery is `nak`ed after `delayMs` instead. */
  loseAck?: (event: SettleEvent) => { delayMs: number } | undefined;
}

/** `bus` with each delivery's `ack`, `nak`, `term` and reply recorded in `log`, as `hooks` say. */
export function recordingTransport(
  bus: BusTransport,
  log: SettleEvent[],
  hooks: RecordingHooks = {},
): BusTransport {
  const wrap = (delivery: InboundDelivery): InboundDelivery => {
    const { messageId, deliveryCount } = delivery;
    const record = async (action: SettleEvent['action']) => {
      const event = { action, messageId, deliveryCount };
      await hooks.before?.(event);
      log.push(event);
      return event;
    };
    return {
      message: delivery.message,
      messageId,
      deliveryCount,
      signal: delivery.signal,
      emit: (event) => delivery.emit(event),
      reply: async (reply, options) => {
        hooks.replies?.push({ deliveryCount, reply });
        await delivery.reply(reply, options);
      },
      ack: async (options) => {
        const event = await record('ack');
        const lost = hooks.loseAck?.(event);
        if (lost === undefined) await delivery.ack(options);
        else await delivery.nak({ ...options, delayMs: lost.delayMs });
      },
      nak: async (options) => {
        await record('nak');
        await delivery.nak(options);
      },
      term: async (options) => {
        await record('term');
        await delivery.term(options);
      },
    };
  };
  return {
    redelivers: bus.redelivers,
    publishInbound: (message, options) => bus.publishInbound(message, options),
    receiveInbound: async (options) => wrap(await bus.receiveInbound(options)),
    publishOutbound: (message, options) => bus.publishOutbound(message, options),
    subscribeOutbound: (target, listener) => bus.subscribeOutbound(target, listener),
    subscribeTurnEvents: (messageId, listener) => bus.subscribeTurnEvents(messageId, listener),
    cancelInbound: (messageId, options) => bus.cancelInbound(messageId, options),
    transportMetrics: (options) => bus.transportMetrics(options),
    close: () => bus.close(),
  };
}
