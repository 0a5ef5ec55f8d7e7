import { join } from 'node:path';
import type { FileSnapshot } from '../context/file-cache.js';
import type { SkillParse } from './parse-skill.js';
import type { Skill, SkillProblem } from './skill-schema.js';

/** A directory of skills. `source` labels where it came from (`user`, `workspace`, …). */
export interface SkillRoot {
  directory: string;
  source: string;
}

/** What one skill directory yielded: a skill or a problem (or neither), and the file snapshots it was read from. */
export interface Found {
  skill?: Skill;
  problem?: SkillProblem;
  snapshots: FileSnapshot[];
}

/** Where a skill file was found and what it was read from. */
export interface FoundFile {
  root: SkillRoot;
  /** The skill's directory name. */
  name: string;
  /** `SKILL.md` or legacy `skill.json`. */
  file: FileSnapshot;
  /** Where the instructions are: the `SKILL.md` itself, or legacy `prompt.md`. */
  bodyPath: string;
  snapshots: FileSnapshot[];
}

/** The skill a parsed file describes, or the problem that makes it skipped. */
export function foundFrom(found: FoundFile, parsed: SkillParse): Found {
  const { file, snapshots } = found;
  if (parsed.kind === 'incomplete') {
    const message = 'the file could not be read whole (raise the FileCache maxFileBytes)';
    return { problem: { path: file.path, reason: 'oversized', message }, snapshots };
  }
  if (parsed.kind === 'problem') {
    return { problem: { path: file.path, reason: parsed.reason, message: parsed.message }, snapshots };
  }
  const skill: Skill = {
    ...parsed.fields,
    format: found.bodyPath === file.path ? 'skill-md' : 'legacy',
    directory: join(found.root.directory, found.name),
    path: file.path,
    bodyPath: found.bodyPath,
    source: found.root.source,
  };
  return { skill, snapshots };
}

/** A skill file over the size limit, skipped without being parsed. */
export function oversized(found: FoundFile, maxSkillBytes: number): Found {
  const message = `${found.file.size} bytes is over the ${maxSkillBytes}-byte limit (maxSkillBytes)`;
  return { problem: { path: found.file.path, reason: 'oversized', message }, snapshots: found.snapshots };
}

/** A file or directory that exists but could not be read. */
export function unreadable(path: string, error: unknown): SkillProblem {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { path, reason: 'unreadable', message: typeof code === 'string' ? `${code}: ${message}` : message };
}

/**
 * Whether a scan read the very same snapshots and hit the same problems as the previous one, so its result can be
 * reused. Problems count too: an unreadable file or directory leaves no snapshot behind.
 */
export function sameScan(
  previous: { snapshots: readonly FileSnapshot[]; problems: readonly SkillProblem[] },
  next: { snapshots: readonly FileSnapshot[]; problems: readonly SkillProblem[] },
): boolean {
  return (
    previous.snapshots.length === next.snapshots.length &&
    previous.snapshots.every((snapshot, index) => snapshot === next.snapshots[index]) &&
    previous.problems.length === next.problems.length &&
    previous.problems.every((problem, index) => sameProblem(problem, next.problems[index]))
  );
}

function sameProblem(a: SkillProblem, b: SkillProblem | undefined): boolean {
  return b !== undefined && a.path === b.path && a.reason === b.reason && a.message === b.message;
}
