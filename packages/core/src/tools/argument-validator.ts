import type { JsonSchema } from '@clawft/types';
import { Ajv, type ErrorObject } from 'ajv';
import type { z } from 'zod';

/** Checks one call's arguments: the value to pass on (zod may transform it) or what is wrong, naming the field. */
export type ArgumentValidator = (
  args: Record<string, unknown>,
) => { ok: true; value: Record<string, unknown> } | { ok: false; problem: string };

// `format` is an annotation (JSON Schema 2020-12 makes it one by default): MCP servers use formats ajv does not
// know (`uri`, …), and validating them would print "unknown format" warnings into the user's terminal.
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });

/**
 * Compiles a JSON Schema validator (draft-07 keywords; a `$schema` line is ignored, as MCP servers send several).
 * @throws TypeError naming the tool when the schema does not compile.
 */
export function jsonSchemaValidator(tool: string, schema: JsonSchema): ArgumentValidator {
  const { $schema: _ignored, ...rest } = schema;
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(rest);
  } catch (error) {
    throw new TypeError(
      `tool "${tool}": its parameters are not a valid JSON Schema (${String(error)}); fix the schema`,
    );
  }
  return (args) => {
    if (validate(args)) return { ok: true, value: args };
    return { ok: false, problem: describeAjvError(validate.errors?.[0]) };
  };
}

/** Validates with the zod schema itself, so refinements and transforms apply as the tool's author wrote them. */
export function zodValidator(schema: z.ZodType): ArgumentValidator {
  return (args) => {
    const parsed = schema.safeParse(args);
    if (parsed.success) return { ok: true, value: parsed.data as Record<string, unknown> };
    const issue = parsed.error.issues[0];
    const field =
      issue === undefined || issue.path.length === 0 ? 'arguments' : issue.path.map(String).join('.');
    return { ok: false, problem: `argument "${field}": ${issue?.message ?? 'invalid'}` };
  };
}

function describeAjvError(error: ErrorObject | undefined): string {
  if (error === undefined) return 'arguments: invalid';
  const at = error.instancePath.split('/').filter(Boolean).join('.');
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') return `argument "${joinField(at, params.missingProperty)}" is required`;
  if (error.keyword === 'additionalProperties') {
    return `argument "${joinField(at, params.additionalProperty)}" is not a parameter of this tool`;
  }
  return `argument "${at === '' ? 'arguments' : at}" ${error.message ?? 'is invalid'}`;
}

function joinField(at: string, name: unknown): string {
  return at === '' ? String(name) : `${at}.${String(name)}`;
}
