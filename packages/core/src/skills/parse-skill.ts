import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { FileSnapshot } from '../context/file-cache.js';
import { splitFrontmatter } from './frontmatter.js';
import { type Skill, SkillFrontmatterSchema, type SkillProblemReason, skillFields } from './skill-schema.js';

export type SkillFields = ReturnType<typeof skillFields>;

/** What one skill file parses to: its fields, a reason to skip it, or a request to read more of the file. */
export type SkillParse =
  | { kind: 'ok'; fields: SkillFields }
  | { kind: 'problem'; reason: SkillProblemReason; message: string }
  | { kind: 'incomplete' };

/** Parses the frontmatter of a `SKILL.md` snapshot (possibly only its head). The name defaults to `directoryName`. */
export function parseSkillMarkdown(snapshot: FileSnapshot, directoryName: string): SkillParse {
  const split = splitFrontmatter(snapshot.text, snapshot.complete);
  switch (split.kind) {
    case 'incomplete':
      return { kind: 'incomplete' };
    case 'missing':
      return problem('malformed', 'SKILL.md must start with YAML frontmatter between "---" lines');
    case 'unterminated':
      return problem('malformed', 'the frontmatter has no closing "---" line');
    case 'found':
      break;
    default:
      return split satisfies never;
  }
  let data: unknown;
  try {
    data = parseYaml(split.yaml);
  } catch (error) {
    return problem('malformed', `the frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  return validate(data ?? {}, directoryName);
}

/** Parses a legacy `skill.json` snapshot (camelCase keys accepted). */
export function parseLegacySkill(snapshot: FileSnapshot, directoryName: string): SkillParse {
  let data: unknown;
  try {
    data = JSON.parse(snapshot.text);
  } catch (error) {
    return problem('malformed', `skill.json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return validate(data, directoryName);
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) renamed[LEGACY_KEYS[key] ?? key] = value;
  return validate(renamed, directoryName);
}

/** The body of a `SKILL.md`: everything after the frontmatter. */
export function skillBody(skill: Pick<Skill, 'format'>, text: string): string {
  if (skill.format === 'legacy') return text;
  const split = splitFrontmatter(text, true);
  return split.kind === 'found' ? split.body : text;
}

const LEGACY_KEYS: Record<string, string> = {
  allowedTools: 'allowed-tools',
  userInvocable: 'user-invocable',
  disableModelInvocation: 'disable-model-invocation',
};

function validate(data: unknown, directoryName: string): SkillParse {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return problem('invalid', 'the frontmatter must be a mapping of keys to values');
  }
  const parsed = SkillFrontmatterSchema.safeParse({ name: directoryName, ...data });
  if (!parsed.success) return problem('invalid', describeIssues(parsed.error));
  return { kind: 'ok', fields: skillFields(parsed.data) };
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

function problem(reason: SkillProblemReason, message: string): SkillParse {
  return { kind: 'problem', reason, message };
}
