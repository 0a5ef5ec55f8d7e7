import { McpError, type McpErrorKind, type McpErrorOptions } from '@clawft/types';

/** The optional fields of `McpErrorOptions`, each of which may also be given as `undefined` (then left out). */
export type McpErrorFields = {
  [K in Exclude<keyof McpErrorOptions, 'kind' | 'message'>]?: McpErrorOptions[K] | undefined;
};

/** Builds an `McpError`, dropping fields that are `undefined` (the options type does not accept them). */
export function mcpError(kind: McpErrorKind, message: string, fields: McpErrorFields = {}): McpError {
  const options: McpErrorOptions = { kind, message };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(options, { [key]: value });
  }
  return new McpError(options);
}
