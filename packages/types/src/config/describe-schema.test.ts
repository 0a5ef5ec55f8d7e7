import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeSchema } from './describe-schema.js';

describe('describeSchema', () => {
  it.each([
    [z.number().int().nonnegative(), 'a whole number ≥ 0'],
    [z.number().int().positive(), 'a whole number ≥ 1'],
    [z.number().int().min(0).max(23), 'a whole number from 0 to 23'],
    [z.number().positive(), 'a number > 0'],
    [z.number().min(0).max(1).default(0.5), 'a number from 0 to 1'],
    [z.number(), 'a number'],
    [z.string(), 'a string'],
    [z.string().min(1), 'a non-empty string'],
    [z.string().url().optional(), 'a URL such as "https://api.example.com/v1"'],
    [z.string().regex(/^a+$/), 'a string matching /^a+$/'],
    [z.boolean().default(true), 'true or false'],
    [z.enum(['static', 'tiered']), 'one of static | tiered'],
    [z.literal('x'), '"x"'],
    [z.array(z.string()), 'a list, each item a string'],
    [z.array(z.number()).min(2), 'a list of at least 2 items, each item a number'],
    [z.tuple([z.number(), z.boolean()]), 'a list of exactly 2 items: [a number, true or false]'],
    [z.record(z.string(), z.string()), 'an object mapping names to a string'],
    [z.object({}), 'an object'],
    [z.union([z.number(), z.string()]), 'a number, or a string'],
    [z.string().nullable(), 'a string or null'],
  ])('describes %o', (schema, words) => {
    expect(describeSchema(schema)).toBe(words);
  });
});
