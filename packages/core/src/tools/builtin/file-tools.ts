import { readdir, readFile, stat } from 'node:fs/promises';
import { ToolError } from '@clawft/types';
import { z } from 'zod';
import type { ZodTool } from '../zod-tool.js';
import { atomicWrite } from './atomic-write.js';
import { confine, resolveToolPath, type WorkspaceScope } from './workspace-path.js';

const ReadFileArgs = z.object({
  path: z.string().min(1).describe('File path, relative to the workspace.'),
  offset: z.number().int().min(1).optional().describe('First line to return (1-based).'),
  limit: z.number().int().min(1).optional().describe('Lines to return at most.'),
});

/** `read_file`: a text file, or a range of its lines. Reads its path (shared lock). */
export function readFileTool(scope: WorkspaceScope): ZodTool<typeof ReadFileArgs> {
  return {
    name: 'read_file',
    description: 'Read a text file from the workspace. Use offset and limit (lines) for large files.',
    schema: ReadFileArgs,
    access: ({ path }) => ({ reads: [resolveToolPath('read_file', scope, path)] }),
    async execute({ path, offset, limit }, { signal }) {
      const real = await confine('read_file', scope, resolveToolPath('read_file', scope, path), path);
      await requireKind('read_file', real, path, 'file');
      const text = await readFile(real, { encoding: 'utf8', signal });
      if (offset === undefined && limit === undefined) return { content: text, isError: false };
      const lines = text.split('\n');
      const start = (offset ?? 1) - 1;
      const picked = lines.slice(start, limit === undefined ? undefined : start + limit);
      return { content: picked.join('\n'), isError: false, metadata: { totalLines: lines.length } };
    },
  };
}

const WriteFileArgs = z.object({
  path: z.string().min(1).describe('File path, relative to the workspace; parent directories are created.'),
  content: z.string().describe('The whole new content of the file.'),
});

/** `write_file`: replaces a file atomically, creating parents. Writes its path (exclusive lock). */
export function writeFileTool(scope: WorkspaceScope): ZodTool<typeof WriteFileArgs> {
  return {
    name: 'write_file',
    description: 'Create or overwrite a file in the workspace with the given content.',
    schema: WriteFileArgs,
    access: ({ path }) => ({ writes: [resolveToolPath('write_file', scope, path)] }),
    async execute({ path, content }, { signal }) {
      const real = await confine('write_file', scope, resolveToolPath('write_file', scope, path), path);
      await atomicWrite(real, content, signal);
      return { content: `wrote ${Buffer.byteLength(content)} bytes to ${path}`, isError: false };
    },
  };
}

const EditFileArgs = z.object({
  path: z.string().min(1).describe('File path, relative to the workspace.'),
  oldText: z.string().min(1).describe('Exact text to replace; it must occur exactly once.'),
  newText: z.string().describe('Replacement text.'),
});

/** `edit_file`: replaces text that occurs exactly once; holds its write lock across the read and the write. */
export function editFileTool(scope: WorkspaceScope): ZodTool<typeof EditFileArgs> {
  return {
    name: 'edit_file',
    description: 'Replace oldText with newText in a workspace file. oldText must match exactly once.',
    schema: EditFileArgs,
    access: ({ path }) => ({ writes: [resolveToolPath('edit_file', scope, path)] }),
    async execute({ path, oldText, newText }, { signal }) {
      const real = await confine('edit_file', scope, resolveToolPath('edit_file', scope, path), path);
      await requireKind('edit_file', real, path, 'file');
      const text = await readFile(real, { encoding: 'utf8', signal });
      const first = text.indexOf(oldText);
      const count = first < 0 ? 0 : text.indexOf(oldText, first + 1) < 0 ? 1 : 2;
      if (count !== 1) {
        const why = count === 0 ? 'does not occur' : 'occurs more than once';
        const fix = count === 0 ? 'read the file and copy the text exactly' : 'include more surrounding text';
        throw new ToolError({
          kind: 'invalid-arguments',
          tool: 'edit_file',
          path,
          message: `oldText ${why} in ${path}; ${fix}`,
        });
      }
      await atomicWrite(real, text.slice(0, first) + newText + text.slice(first + oldText.length), signal);
      return { content: `edited ${path}`, isError: false };
    },
  };
}

const ListDirArgs = z.object({
  path: z.string().min(1).default('.').describe('Directory, relative to the workspace.'),
});

/** `list_dir`: a directory's entries, directories marked with a trailing `/`. Reads the directory. */
export function listDirTool(scope: WorkspaceScope): ZodTool<typeof ListDirArgs> {
  return {
    name: 'list_dir',
    description: 'List the entries of a workspace directory (directories end with /).',
    schema: ListDirArgs,
    access: ({ path }) => ({ reads: [resolveToolPath('list_dir', scope, path)] }),
    async execute({ path }) {
      const real = await confine('list_dir', scope, resolveToolPath('list_dir', scope, path), path);
      await requireKind('list_dir', real, path, 'directory');
      const entries = await readdir(real, { withFileTypes: true });
      const names = entries.map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name)).sort();
      return { content: names.join('\n'), isError: false, metadata: { entries: names.length } };
    },
  };
}

async function requireKind(
  tool: string,
  real: string,
  shown: string,
  kind: 'file' | 'directory',
): Promise<void> {
  const info = await stat(real).catch(() => undefined);
  const ok = kind === 'file' ? info?.isFile() : info?.isDirectory();
  if (ok === true) return;
  const what = info === undefined ? 'does not exist' : `is not a ${kind}`;
  throw new ToolError({
    kind: 'execution-failed',
    tool,
    path: shown,
    message: `${shown} ${what}; check the path with list_dir`,
  });
}
