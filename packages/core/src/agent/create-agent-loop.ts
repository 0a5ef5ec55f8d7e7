import type { Config } from '@clawft/types';
import type { BusTransport } from '../bus/bus-transport.js';
import { MessageBus } from '../bus/message-bus.js';
import { ContextBuilder } from '../context/context-builder.js';
import type { FileCache } from '../context/file-cache.js';
import { type CreatePipelineOptions, createPipeline } from '../pipeline/create-pipeline.js';
import { openSessionHistory } from '../sessions/open-session-history.js';
import type { SessionHistory } from '../sessions/session-history.js';
import type { SkillsLoader } from '../skills/skills-loader.js';
import type { ToolRunner } from '../tools/tool-batch.js';
import { AgentLoop } from './agent-loop.js';
import type { AgentLoopOptions } from './agent-loop-options.js';

export interface CreateAgentLoopOptions {
  /** The parsed config.json (`parseConfig` / `loadConfig`). */
  config: Config;
  /** The in-process bus or a JetStream bus (`createBusTransport`). @default new MessageBus({ config: config.bus }) */
  bus?: BusTransport;
  /**
   * Where session histories are kept (e.g. a store shared by workers). @default new SessionStore({ workspace:
   * agents.defaults.workspace })
   */
  sessions?: SessionHistory;
  /** The tools offered to the model (e.g. a `ToolRegistry`). Absent: no tools. */
  tools?: ToolRunner;
  /** Supplies the skills summary of the system prompt. */
  skills?: SkillsLoader;
  /** Shared with `skills`, so both see one cache. */
  cache?: FileCache;
  /** Passed to `createPipeline` (cost file, transport, provider and retry options, outcome observer, …). */
  pipeline?: Omit<CreatePipelineOptions, 'config'>;
  onProblem?: AgentLoopOptions['onProblem'];
}

/**
 * An `AgentLoop` wired from config.json: the pipeline of `createPipeline`, sessions (unless given) and the context
 * builder on `agents.defaults.workspace` (history window `memoryWindow`), and the bus (a new `MessageBus` unless
 * given: pass a JetStream bus for a worker). Sessions by default: with `bus.store: "nats"` a `JetStreamSessionStore`
 * shared by every worker (connected here; close it with `loop.sessions.close?.()` after `shutdown`), else the JSONL
 * `SessionStore`.
 *
 * @example
 * const loop = await createAgentLoop({ config, tools });
 * const { reply } = await loop.runTurn(message, { onEvent: (event) => render(event) });
 */
export async function createAgentLoop(options: CreateAgentLoopOptions): Promise<AgentLoop> {
  const { config } = options;
  const { defaults } = config.agents;
  const pipeline = await createPipeline({ config, ...options.pipeline });
  const context = new ContextBuilder({
    workspace: defaults.workspace,
    memoryWindow: defaults.memoryWindow,
    ...(options.skills === undefined ? {} : { skills: options.skills }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
  return new AgentLoop({
    bus: options.bus ?? new MessageBus({ config: config.bus }),
    pipeline,
    sessions: options.sessions ?? (await openSessionHistory(config)),
    context,
    defaults,
    ...(options.tools === undefined ? {} : { tools: options.tools }),
    ...(options.onProblem === undefined ? {} : { onProblem: options.onProblem }),
  });
}
