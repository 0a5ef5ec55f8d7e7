import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { jsonSchemaValidator, zodValidator } from './argument-validator.js';

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { path: { type: 'string' }, limit: { type: 'integer', minimum: 1 } },
  required: ['path'],
  additionalProperties: false,
};

describe('jsonSchemaValidator', () => {
  const validate = jsonSchemaValidator('read_file', schema);

  it('passes valid arguments through', () => {
    expect(validate({ path: 'a.txt', limit: 3 })).toEqual({ ok: true, value: { path: 'a.txt', limit: 3 } });
  });

  it('names a missing, a mistyped and an unknown field', () => {
    expect(validate({})).toEqual({ ok: false, problem: 'argument "path" is required' });
    expect(validate({ path: 1 })).toEqual({ ok: false, problem: 'argument "path" must be string' });
    expect(validate({ path: 'a', lines: 2 })).toEqual({
      ok: false,
      problem: 'argument "lines" is not a parameter of this tool',
    });
  });

  it('treats an unknown format as an annotation, without printing a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const fetchUrl = jsonSchemaValidator('fetch', {
        type: 'object',
        properties: { url: { type: 'string', format: 'uri' }, at: { type: 'string', format: 'date-time' } },
      });
      expect(fetchUrl({ url: 'not checked as a URI', at: 'x' })).toEqual({
        ok: true,
        value: { url: 'not checked as a URI', at: 'x' },
      });
      expect(warn).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('refuses a schema that does not compile, naming the tool', () => {
    expect(() => jsonSchemaValidator('broken', { type: 'no-such-type' })).toThrow(/tool "broken"/);
  });
});

describe('zodValidator', () => {
  it('returns the parsed value (defaults applied) or names the field', () => {
    const validate = zodValidator(z.object({ path: z.string(), limit: z.number().int().default(10) }));
    expect(validate({ path: 'a' })).toEqual({ ok: true, value: { path: 'a', limit: 10 } });
    const bad = validate({ path: 2 });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/^argument "path": /);
  });
});
