import type { Tools } from '@clawft/types';
import type { ZodTool } from '../zod-tool.js';
import { execTool } from './exec-tool.js';
import { editFileTool, listDirTool, readFileTool, writeFileTool } from './file-tools.js';
import { type WebFetchToolOptions, webFetchTool } from './web-fetch-tool.js';

export interface BuiltinToolsOptions extends WebFetchToolOptions {
  /** Absolute path of the workspace the file tools and `exec` work in. */
  workspace: string;
}

/**
 * The built-in tools — `read_file`, `write_file`, `edit_file`, `list_dir`, and `exec` and `web_fetch` unless their
 * `enabled` is false — confined to `workspace` when `tools.restrictToWorkspace` is on. Register them in a
 * `ToolRegistry`; the file tools declare their paths, `exec` takes the workspace exclusively.
 * @throws TypeError for a bad `tools.exec.denyPatterns` or `tools.webFetch.allowAddresses` entry.
 * @example
 * const registry = new ToolRegistry({ config: config.tools });
 * for (const tool of createBuiltinTools(config.tools, { workspace })) registry.register(tool);
 */
export function createBuiltinTools(
  tools: Pick<Tools, 'restrictToWorkspace' | 'exec' | 'webFetch'>,
  options: BuiltinToolsOptions,
): ZodTool[] {
  const scope = { workspace: options.workspace, restrict: tools.restrictToWorkspace };
  const list: ZodTool[] = [
    readFileTool(scope),
    writeFileTool(scope),
    editFileTool(scope),
    listDirTool(scope),
  ];
  if (tools.exec.enabled) list.push(execTool(scope, tools.exec));
  if (tools.webFetch.enabled) list.push(webFetchTool(tools.webFetch, options));
  return list;
}
