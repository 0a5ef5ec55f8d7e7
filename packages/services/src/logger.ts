/** Where the MCP client reports problems that do not fail a call (skipped lines, dropped responses). */
export interface McpLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** Writes warnings to stderr via `console.warn`. */
export const consoleLogger: McpLogger = {
  warn(message, fields) {
    if (fields === undefined) console.warn(`[clawft/mcp] ${message}`);
    else console.warn(`[clawft/mcp] ${message}`, fields);
  },
};

/** Drops every warning. */
export const silentLogger: McpLogger = { warn() {} };
