import { z } from 'zod';

/** `allowed-tools` as a list or one string (`Read, Grep` or `Read Grep`; `Bash(git add:*)` stays one entry). */
const ToolListSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    typeof value === 'string' ? (value.match(/[^\s,()]+(?:\([^)]*\))?/g) ?? []) : value,
  );

/**
 * The YAML frontmatter of a `SKILL.md` (and the fields of a legacy `skill.json`). Keys other than these are kept
 * as the skill's `metadata`.
 */
export const SkillFrontmatterSchema = z.looseObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a skill name is 1–64 letters, digits, ".", "_" or "-"'),
  description: z.string().trim().min(1).max(1024),
  version: z
    .union([z.string(), z.number()])
    .transform((value) => String(value))
    .optional(),
  'allowed-tools': ToolListSchema.optional(),
  /** The user may invoke the skill by name. @default true */
  'user-invocable': z.boolean().default(true),
  /** Keep the skill out of the model's skills summary. @default false */
  'disable-model-invocation': z.boolean().default(false),
});
export type SkillFrontmatter = z.infer<typeof SkillFrontmatterSchema>;

/** Where a skill was found. `source` names its root (e.g. `user`, `workspace`). */
export interface Skill {
  name: string;
  description: string;
  version: string | undefined;
  allowedTools: string[];
  userInvocable: boolean;
  disableModelInvocation: boolean;
  /** Frontmatter keys outside the schema, as written. */
  metadata: Record<string, unknown>;
  format: 'skill-md' | 'legacy';
  /** The skill directory. */
  directory: string;
  /** The file the skill was declared in (`SKILL.md` or `skill.json`). */
  path: string;
  /** The file holding the body (`SKILL.md` or `prompt.md`). */
  bodyPath: string;
  source: string;
}

export type SkillProblemReason = 'malformed' | 'invalid' | 'oversized' | 'unreadable';

/** A skill that was skipped, and why. */
export interface SkillProblem {
  path: string;
  reason: SkillProblemReason;
  message: string;
}

const KNOWN_KEYS = new Set(Object.keys(SkillFrontmatterSchema.shape));

/** Splits validated frontmatter into the skill's fields and its metadata. */
export function skillFields(
  frontmatter: SkillFrontmatter,
): Pick<
  Skill,
  | 'name'
  | 'description'
  | 'version'
  | 'allowedTools'
  | 'userInvocable'
  | 'disableModelInvocation'
  | 'metadata'
> {
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(frontmatter)) if (!KNOWN_KEYS.has(key)) metadata[key] = value;
  return {
    name: frontmatter.name,
    description: frontmatter.description,
    version: frontmatter.version,
    allowedTools: frontmatter['allowed-tools'] ?? [],
    userInvocable: frontmatter['user-invocable'],
    disableModelInvocation: frontmatter['disable-model-invocation'],
    metadata,
  };
}
