// An agent loop with no sockets: the pipeline calls an in-process ScriptedProvider (`@clawft/llm/testing`) through
// a direct transport. Used by the crash child and the agent benchmarks.
import { createScriptedProvider, type ScriptedTurn } from '@clawft/llm/testing';
import { type ChatRequest, ConfigSchema } from '@clawft/types';
import { AgentLoop } from '../src/agent/agent-loop.js';
import type { AgentLoopOptions } from '../src/agent/agent-loop-options.js';
import { MessageBus } from '../src/bus/message-bus.js';
import { ContextBuilder } from '../src/context/context-builder.js';
import { CostTracker } from '../src/cost/cost-tracker.js';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { createRouter } from '../src/routing/router.js';
import { SessionStore } from '../src/sessions/session-store.js';
import type { ToolRunner } from '../src/tools/tool-batch.js';

export interface InProcessLoop {
  loop: AgentLoop;
  bus: MessageBus;
  sessions: SessionStore;
  pipeline: Pipeline;
}

/** Whether the request ends with tool results (the model's round after the tools). */
export function endsWithToolResults(request: ChatRequest): boolean {
  return request.messages.at(-1)?.role === 'tool';
}

export async function inProcessLoop(options: {
  workspace: string;
  turns: (request: ChatRequest, call: number) => ScriptedTurn;
  tools?: ToolRunner;
  fsync?: boolean;
  maxConcurrentTurns?: number;
  loop?: Partial<AgentLoopOptions>;
}): Promise<InProcessLoop> {
  const provider = createScriptedProvider({ id: 'scripted', turns: options.turns });
  const config = ConfigSchema.parse({
    agents: {
      defaults: {
        workspace: options.workspace,
        model: 'scripted/model',
        maxConcurrentTurns: options.maxConcurrentTurns ?? 8,
      },
    },
    pricing: { 'scripted/model': { inputPerMillionUsd: 1, outputPerMillionUsd: 2 } },
  });
  // Built from its stages rather than createPipeline, so that no HTTP client is loaded (the crash child starts fast).
  const costTracker = new CostTracker({ budgets: config.routing.costBudgets, pricing: config.pricing });
  const pipeline = new Pipeline({
    router: createRouter({ routing: config.routing, defaultModel: config.agents.defaults.model }),
    costTracker,
    transport: { callFor: (decision) => ({ provider, model: decision.model, providerId: 'scripted' }) },
    defaultMaxTokens: config.agents.defaults.maxTokens,
  });
  const bus = new MessageBus({ config: { inboundCapacity: 4096, outboundCapacity: 4096 } });
  const sessions = new SessionStore({ workspace: options.workspace, fsync: options.fsync ?? false });
  const context = new ContextBuilder({ workspace: options.workspace });
  const loop = new AgentLoop({
    bus,
    pipeline,
    sessions,
    context,
    ...(options.tools === undefined ? {} : { tools: options.tools }),
    defaults: config.agents.defaults,
    ...options.loop,
  });
  return { loop, bus, sessions, pipeline };
}
