import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax-error.js';

describe('findJsonSyntaxError', () => {
  it('finds nothing in valid JSON', () => {
    const text = '{"a": {"b": [true, false, null, -1.5e3, "x\\u00e9\\n"]}, "c": []}';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['{"a": }', 6, 'expected a value (object, array, string, number, true, false or null) but found "}"'],
    ['{"a": 1,}', 8, 'expected a property name (no trailing commas) but found "}"'],
    ['[1, 2,]', 6, 'expected a value (no trailing commas) but found "]"'],
    ['{\n  "a": 1\n  "b": 2\n}', 13, 'expected "," or "}" but found "\\""'],
    ['{"a": 1', 7, 'expected "," or "}" but found the end of the file'],
    ["{'a': 1}", 1, 'expected a property name in double quotes but found "\'"'],
    ['{"a" 1}', 5, 'expected ":" after the property name but found "1"'],
    ['{"a": "b\\q"}', 8, 'expected a closing quote (or a valid escape) but found "\\\\"'],
    ['{"a": 01}', 7, 'expected "," or "}" but found "1"'],
    ['{} {}', 3, 'unexpected text after the JSON value'],
    [
      '',
      0,
      'expected a value (object, array, string, number, true, false or null) but found the end of the file',
    ],
  ])('locates the error in %j', (text, offset, message) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(findJsonSyntaxError(text)).toEqual({ offset, message });
  });
});
