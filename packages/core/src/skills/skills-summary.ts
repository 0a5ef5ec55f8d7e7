import type { Skill } from './skill-schema.js';

/**
 * The skills section of a system prompt: one line per skill the model may use (skills with
 * `disable-model-invocation` are left out), pointing at the file to read for the full instructions.
 * Returns '' when there is none.
 */
export function renderSkillsSummary(skills: readonly Skill[]): string {
  const visible = skills.filter((skill) => !skill.disableModelInvocation);
  if (visible.length === 0) return '';
  const lines = visible.map((skill) => `- ${skill.name}: ${oneLine(skill.description)} (${skill.bodyPath})`);
  return [
    'These skills are available. Before using one, read its file (given in parentheses) for the full instructions.',
    ...lines,
  ].join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
