import type { Tool, ToolAccess, ToolContext, ToolDefinition, ToolResult } from '@clawft/types';
import { z } from 'zod';
import { type ArgumentValidator, jsonSchemaValidator, zodValidator } from './argument-validator.js';
import type { RegisterOptions, ZodTool } from './zod-tool.js';

/** A tool as the registry keeps it: one validator, one definition for the model, its own timeout if any. */
export interface RegisteredTool {
  readonly definition: ToolDefinition;
  readonly validate: ArgumentValidator;
  readonly timeoutMs: number | undefined;
  /** Undefined when the tool declares nothing: such a call takes the workspace exclusively. */
  readonly access: ((args: Record<string, unknown>, context: ToolContext) => ToolAccess) | undefined;
  readonly execute: (args: Record<string, unknown>, context: ToolContext) => Promise<ToolResult>;
}

/** Turns a JSON-Schema tool or a zod tool into the registry's form. @throws TypeError for a bad schema. */
export function registeredTool(tool: Tool | ZodTool, options: RegisterOptions = {}): RegisteredTool {
  const timeoutMs = options.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new TypeError(
      `tool "${tool.name}": timeoutMs must be a positive integer, got ${String(timeoutMs)}`,
    );
  }
  if (isZodTool(tool)) {
    const { $schema: _ignored, ...parameters } = z.toJSONSchema(tool.schema, { io: 'input' }) as Record<
      string,
      unknown
    >;
    return {
      definition: { name: tool.name, description: tool.description, parameters },
      validate: zodValidator(tool.schema),
      timeoutMs,
      access: tool.access === undefined ? undefined : (args, context) => tool.access?.(args, context) ?? {},
      execute: (args, context) => tool.execute(args, context),
    };
  }
  return {
    definition: { name: tool.name, description: tool.description, parameters: tool.parameters },
    validate: jsonSchemaValidator(tool.name, tool.parameters),
    timeoutMs,
    access: tool.access === undefined ? undefined : (args, context) => tool.access?.(args, context) ?? {},
    execute: (args, context) => tool.execute(args, context),
  };
}

function isZodTool(tool: Tool | ZodTool): tool is ZodTool {
  return 'schema' in tool && tool.schema instanceof z.ZodType;
}
