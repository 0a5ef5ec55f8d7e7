import { describe, expect, it } from 'vitest';
import { ConfigSchema } from './config-schema.js';
import { expandHome, PATH_FIELDS } from './path-fields.js';
import { defOf, schemaAt, unwrapSchema } from './zod-walk.js';

describe('expandHome', () => {
  it('expands ~ and ~/ only', () => {
    expect(expandHome('~', '/home/a')).toBe('/home/a');
    expect(expandHome('~/x/y', '/home/a')).toBe('/home/a/x/y');
    expect(expandHome('~bob/x', '/home/a')).toBe('~bob/x');
    expect(expandHome('/abs/~/x', '/home/a')).toBe('/abs/~/x');
    expect(expandHome('relative', '/home/a')).toBe('relative');
  });
});

describe('PATH_FIELDS', () => {
  it.each(PATH_FIELDS.map((field) => [field.join('.'), field]))(
    '%s is a string field of the schema',
    (_, field) => {
      const schema = schemaAt(ConfigSchema, field);
      expect(schema).toBeDefined();
      if (schema !== undefined) expect(defOf(unwrapSchema(schema)).type).toBe('string');
    },
  );
});
