import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ToolError } from '@clawft/types';
import { canonicalPath } from '../../locks/canonical-path.js';

/** Where the file tools work and whether they are held inside it (`tools.restrictToWorkspace`). */
export interface WorkspaceScope {
  /** Absolute path of the workspace. */
  workspace: string;
  restrict: boolean;
}

/**
 * Resolves a path argument against the workspace. With `restrict`, a path that leaves it — through `..` or by
 * being absolute elsewhere — is refused. Lexical only; `confine` checks symlinks.
 * @throws ToolError `path-denied` naming the argument.
 */
export function resolveToolPath(tool: string, scope: WorkspaceScope, path: string): string {
  const absolute = resolve(scope.workspace, path);
  if (scope.restrict && !isInside(scope.workspace, absolute)) throw outside(tool, path);
  return absolute;
}

/**
 * Resolves `absolute` through symlinks (the deepest existing ancestor) and, with `restrict`, refuses a path whose
 * real location is outside the real workspace — a symlink that escapes. Returns the real path.
 * @throws ToolError `path-denied`.
 */
export async function confine(
  tool: string,
  scope: WorkspaceScope,
  absolute: string,
  shown: string,
): Promise<string> {
  const real = await canonicalPath(absolute);
  if (scope.restrict && !isInside(await canonicalPath(scope.workspace), real)) {
    throw new ToolError({
      kind: 'path-denied',
      tool,
      path: shown,
      message: `path "${shown}" leads outside the workspace through a symlink; use a path inside the workspace`,
    });
  }
  return real;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function outside(tool: string, path: string): ToolError {
  return new ToolError({
    kind: 'path-denied',
    tool,
    path,
    message: `path "${path}" is outside the workspace (tools.restrictToWorkspace is on); use a path relative to the workspace`,
  });
}
