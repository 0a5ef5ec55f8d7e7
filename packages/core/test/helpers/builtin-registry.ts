import type { ToolCall, Tools } from '@clawft/types';
import { createBuiltinTools } from '../../src/tools/builtin/create-builtin-tools.js';
import { ToolRegistry } from '../../src/tools/tool-registry.js';
import { toolsConfig } from './test-tools.js';

/** A registry holding the built-in tools for `workspace`, with config overrides. */
export function builtinRegistry(workspace: string, overrides: Partial<Tools> = {}): ToolRegistry {
  const config = toolsConfig(overrides);
  const registry = new ToolRegistry({ config });
  for (const tool of createBuiltinTools(config, { workspace })) registry.register(tool);
  return registry;
}

let calls = 0;
/** A call with a fresh id. */
export function toolCall(name: string, args: Record<string, unknown>): ToolCall {
  calls += 1;
  return { id: `call-${calls}`, name, arguments: args };
}
