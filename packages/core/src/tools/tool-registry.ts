import {
  type Tool,
  type ToolCall,
  type ToolDefinition,
  ToolDefinitionSchema,
  type ToolResult,
  type Tools,
} from '@clawft/types';
import PQueue from 'p-queue';
import type { z } from 'zod';
import { PathLockManager } from '../locks/path-lock-manager.js';
import { cutText } from './cut-text.js';
import { fitBatch } from './fit-batch.js';
import { type RegisteredTool, registeredTool } from './registered-tool.js';
import { runToolCall } from './run-tool-call.js';
import type { ToolBatchContext, ToolCallReport, ToolRunner } from './tool-batch.js';
import { errorResult } from './tool-result.js';
import type { RegisterOptions, ZodTool } from './zod-tool.js';

/** The registry's settings: the `tools` section of config.json (parsed, so defaults applied) and a lock manager. */
export interface ToolRegistryOptions {
  config: Pick<Tools, 'maxConcurrency' | 'timeoutMs' | 'maxResultBytes' | 'maxBatchResultBytes' | 'deny'> &
    Partial<Pick<Tools, 'allow'>>;
  /** Shared with every registry whose tools touch the same files. @default a new PathLockManager */
  locks?: PathLockManager;
}

/**
 * The agent's tools: unique names, arguments validated (JSON Schema with ajv, or a zod schema) before `execute`,
 * per-tool and default timeouts, result size caps, allow and deny lists, and `runBatch`, which runs one turn's calls
 * in parallel under path locks (see `PathLockManager`), bounded by `maxConcurrency`, results in call order. Nothing
 * a tool does — throw, reject, hang, ignore abort — fails the batch or its siblings: it becomes an error result.
 *
 * @example
 * const tools = new ToolRegistry({ config: parseConfig({}).config.tools });
 * for (const tool of createBuiltinTools(config.tools)) tools.register(tool);
 * const reports = await tools.runBatch(response.toolCalls, { workspace, signal });
 */
export class ToolRegistry implements ToolRunner {
  /** The path locks every call of this registry takes. */
  readonly locks: PathLockManager;
  private readonly tools = new Map<string, RegisteredTool>();
  private readonly config: ToolRegistryOptions['config'];

  constructor(options: ToolRegistryOptions) {
    this.config = options.config;
    this.locks = options.locks ?? new PathLockManager();
  }

  /**
   * Adds a tool. A denied (or not allowed) tool is kept but never offered nor run.
   * @throws TypeError when the name is invalid or taken, or the schema or `timeoutMs` is invalid.
   */
  register<Schema extends z.ZodType>(tool: ZodTool<Schema>, options?: RegisterOptions): this;
  register(tool: Tool, options?: RegisterOptions): this;
  register(tool: Tool | ZodTool, options: RegisterOptions = {}): this {
    if (!ToolDefinitionSchema.shape.name.safeParse(tool.name).success) {
      throw new TypeError(`tool name "${tool.name}" is invalid: use 1–128 letters, digits, _ and -`);
    }
    if (this.tools.has(tool.name)) {
      throw new TypeError(`tool "${tool.name}" is already registered; tool names must be unique`);
    }
    this.tools.set(tool.name, registeredTool(tool, options));
    return this;
  }

  /** True when a tool of that name is registered (allowed or not). */
  has(name: string): boolean {
    return this.tools.has(name);
  }

  /** What to offer the model: every registered tool the allow and deny lists let through. */
  definitions(): ToolDefinition[] {
    return [...this.tools.values()]
      .filter((tool) => this.allowed(tool.definition.name))
      .map((t) => t.definition);
  }

  /** Runs one turn's calls; resolves with one report per call, in call order. Never rejects for a tool's failure. */
  async runBatch(calls: readonly ToolCall[], context: ToolBatchContext): Promise<ToolCallReport[]> {
    const permits = new PQueue({ concurrency: this.config.maxConcurrency });
    const env = {
      lookup: (name: string) => this.lookup(name),
      locks: this.locks,
      defaultTimeoutMs: this.config.timeoutMs,
      permits,
      batch: context,
    };
    const reports = await Promise.all(calls.map((call) => runToolCall(call, env)));
    const capped = reports.map((report) => cutText(report.result.content, this.config.maxResultBytes));
    const fitted = fitBatch(capped, this.config.maxBatchResultBytes);
    return reports.map((report, index) => withContent(report, fitted[index] ?? ''));
  }

  private lookup(name: string): RegisteredTool | ToolResult {
    const tool = this.tools.get(name);
    if (tool !== undefined && this.allowed(name)) return tool;
    const offered = this.definitions()
      .map((definition) => definition.name)
      .join(', ');
    const why =
      tool === undefined ? 'there is no tool of that name' : 'it is not allowed here (tools.allow/deny)';
    return errorResult(
      'tool-not-found',
      `cannot call "${name}": ${why}. Available tools: ${offered || 'none'}`,
    );
  }

  private allowed(name: string): boolean {
    if (this.config.deny.includes(name)) return false;
    return this.config.allow === undefined || this.config.allow.includes(name);
  }
}

function withContent(report: ToolCallReport, content: string): ToolCallReport {
  if (content === report.result.content) return report;
  return { ...report, result: { ...report.result, content } };
}
