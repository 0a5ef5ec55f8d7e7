import { type AnySchema, defOf, unwrapSchema } from './zod-walk.js';

/**
 * Every leaf key of a config schema as a documentation path: map keys are `*`, array items `[]`
 * (`providers.*.apiKey`, `routing.tiers[].name`). Maps and lists of plain values are leaves themselves
 * (`tools.mcpServers.*.env`, `failover.targets`).
 */
export function listConfigPaths(schema: AnySchema, prefix = ''): string[] {
  const def = defOf(unwrapSchema(schema));
  if (def.type === 'object') {
    return Object.entries(def.shape).flatMap(([key, child]) =>
      listConfigPaths(child, prefix === '' ? key : `${prefix}.${key}`),
    );
  }
  if (def.type === 'record' && hasKeys(def.valueType)) return listConfigPaths(def.valueType, `${prefix}.*`);
  if (def.type === 'array' && hasKeys(def.element)) return listConfigPaths(def.element, `${prefix}[]`);
  return [prefix];
}

function hasKeys(schema: AnySchema): boolean {
  return defOf(unwrapSchema(schema)).type === 'object';
}
