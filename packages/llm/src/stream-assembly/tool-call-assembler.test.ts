import { describe, expect, it } from 'vitest';
import { ToolCallAssembler, ToolCallAssemblyError } from './tool-call-assembler.js';

describe('ToolCallAssembler', () => {
  it('joins fragments per index and returns calls in index order with parsed arguments', () => {
    const assembler = new ToolCallAssembler();
    assembler.start(1, 'call_b', 'second');
    assembler.start(0, 'call_a', 'first');
    assembler.append(0, '{"ci');
    assembler.append(1, '{}');
    assembler.append(0, 'ty":"Oslo"}');
    expect(assembler.finish()).toEqual([
      { id: 'call_a', name: 'first', arguments: { city: 'Oslo' } },
      { id: 'call_b', name: 'second', arguments: {} },
    ]);
  });

  it('reads empty arguments as an empty object', () => {
    const assembler = new ToolCallAssembler();
    assembler.start(0, 'x', 'noargs');
    expect(assembler.finish()).toEqual([{ id: 'x', name: 'noargs', arguments: {} }]);
  });

  it('refuses arguments that are not a JSON object', () => {
    const cut = new ToolCallAssembler();
    cut.start(0, 'x', 'f');
    cut.append(0, '{"a":');
    expect(() => cut.finish()).toThrow(ToolCallAssemblyError);
    const array = new ToolCallAssembler();
    array.start(0, 'x', 'f');
    array.append(0, '[1]');
    expect(() => array.finish()).toThrow(ToolCallAssemblyError);
  });
});
