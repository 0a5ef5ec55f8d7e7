import { z } from 'zod';

/** What a server said about itself in `initialize`. */
export const InitializeResultSchema = z.looseObject({
  protocolVersion: z.string(),
  capabilities: z.looseObject({
    tools: z.looseObject({ listChanged: z.boolean().optional() }).optional(),
  }),
  serverInfo: z.looseObject({ name: z.string(), version: z.string(), title: z.string().optional() }),
  instructions: z.string().optional(),
});
export type InitializeResult = z.infer<typeof InitializeResultSchema>;

/** One tool as `tools/list` describes it. */
export const McpToolSchema = z.looseObject({
  name: z.string().min(1),
  title: z.string().optional(),
  description: z.string().optional(),
  inputSchema: z.looseObject({ type: z.literal('object') }),
  outputSchema: z.record(z.string(), z.unknown()).optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
});
export type McpTool = z.infer<typeof McpToolSchema>;

export const ListToolsResultSchema = z.looseObject({
  tools: z.array(McpToolSchema),
  nextCursor: z.string().optional(),
});
export type ListToolsResult = z.infer<typeof ListToolsResultSchema>;

/** One piece of a tool result. Types other than text keep their fields as sent. */
export const ContentBlockSchema = z.looseObject({ type: z.string() });
export type ContentBlock = z.infer<typeof ContentBlockSchema>;

/** The answer to `tools/call`. `isError: true` is a tool failure reported as data. */
export const CallToolResultSchema = z.looseObject({
  content: z.array(ContentBlockSchema).default([]),
  structuredContent: z.record(z.string(), z.unknown()).optional(),
  isError: z.boolean().optional(),
});
export type CallToolResult = z.infer<typeof CallToolResultSchema>;
