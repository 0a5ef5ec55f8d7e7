import { describe, expect, it } from 'vitest';
import { classifyMessage, responseIdToNumber } from './messages.js';

describe('classifyMessage', () => {
  it('tells a server request (method and id) from a response (result and id)', () => {
    expect(classifyMessage({ jsonrpc: '2.0', id: 1, method: 'ping' }).type).toBe('request');
    expect(classifyMessage({ jsonrpc: '2.0', id: 1, result: {} }).type).toBe('result');
    expect(classifyMessage({ jsonrpc: '2.0', id: 1, error: { code: -1, message: 'x' } }).type).toBe('error');
    expect(classifyMessage({ jsonrpc: '2.0', method: 'notifications/progress' }).type).toBe('notification');
  });

  it('accepts a result of null and an error with a null id', () => {
    expect(classifyMessage({ jsonrpc: '2.0', id: 3, result: null }).type).toBe('result');
    expect(
      classifyMessage({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse' } }).type,
    ).toBe('error');
  });

  it('marks anything else invalid', () => {
    for (const value of [
      [1, 2],
      'text',
      null,
      { jsonrpc: '1.0', id: 1, result: 1 },
      { id: 1 },
      { jsonrpc: '2.0', method: 5 },
    ]) {
      expect(classifyMessage(value).type).toBe('invalid');
    }
  });
});

describe('responseIdToNumber', () => {
  it('accepts integers and numeric strings, nothing else', () => {
    expect(responseIdToNumber(12)).toBe(12);
    expect(responseIdToNumber('12')).toBe(12);
    expect(responseIdToNumber('12a')).toBeUndefined();
    expect(responseIdToNumber(1.5)).toBeUndefined();
    expect(responseIdToNumber(null)).toBeUndefined();
  });
});
