import type { Tool, ToolAccess, ToolContext, ToolResult, Tools } from '@clawft/types';
import { ToolsSchema } from '@clawft/types';

/** The parsed `tools` section with overrides, defaults from the schema. */
export function toolsConfig(overrides: Partial<Tools> = {}): Tools {
  return ToolsSchema.parse(overrides);
}

export const delay = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * A tool that sleeps `ms` (from its `ms` argument, else the default) and answers with its name. `access` null: the
 * tool declares nothing (so it runs workspace-exclusive).
 */
export function sleepTool(name: string, defaultMs: number, access: ToolAccess | null = {}): Tool {
  const tool: Tool = {
    name,
    description: `Sleeps, then answers "${name}".`,
    parameters: { type: 'object', properties: { ms: { type: 'integer', minimum: 0 } } },
    async execute(args, context: ToolContext): Promise<ToolResult> {
      await delay(typeof args.ms === 'number' ? args.ms : defaultMs, context.signal);
      return { content: name, isError: false };
    },
  };
  return access === null ? tool : { ...tool, access: () => access };
}

/** A tool whose promise never settles and which ignores its abort signal. */
export function hangingTool(name: string, access: ToolAccess): Tool {
  return {
    name,
    description: 'Never answers.',
    parameters: { type: 'object' },
    access: () => access,
    execute: () => new Promise<ToolResult>(() => {}),
  };
}
