import type { ToolCall } from '@clawft/types';

interface PendingCall {
  id: string;
  name: string;
  argumentText: string;
}

/** Why assembling failed: the caller turns it into a `malformed-response` error. */
export class ToolCallAssemblyError extends Error {
  constructor(
    message: string,
    readonly toolName: string,
  ) {
    super(message);
    this.name = 'ToolCallAssemblyError';
  }
}

/**
 * Collects streamed tool-call fragments by index and hands out only complete calls with parsed arguments.
 * Argument fragments never leave it.
 */
export class ToolCallAssembler {
  private readonly calls = new Map<number, PendingCall>();
  /** The index of the call that the last fragment went to. */
  private lastIndex = -1;

  get size(): number {
    return this.calls.size;
  }

  /**
   * The index a fragment belongs to: its own `index` when the wire gave one; else the last call's, unless the
   * fragment carries an id other than that call's (then it starts a new call after the highest index).
   */
  indexOf(index: number | undefined | null, id: string | undefined | null): number {
    if (index !== undefined && index !== null) return index;
    const last = this.calls.get(this.lastIndex);
    if (last !== undefined && (!id || last.id === '' || last.id === id)) return this.lastIndex;
    return this.calls.size === 0 ? 0 : Math.max(...this.calls.keys()) + 1;
  }

  /** A call starts (or a fragment names its id/name). */
  start(index: number, id: string | undefined | null, name: string | undefined | null): void {
    this.lastIndex = index;
    const call = this.calls.get(index);
    if (call === undefined) {
      this.calls.set(index, { id: id ?? '', name: name ?? '', argumentText: '' });
      return;
    }
    if (id) call.id = id;
    if (name) call.name += call.name === name ? '' : name;
  }

  /** Appends a fragment of the JSON arguments. */
  append(index: number, fragment: string): void {
    const call = this.calls.get(index);
    if (call === undefined) this.calls.set(index, { id: '', name: '', argumentText: fragment });
    else call.argumentText += fragment;
  }

  /**
   * The complete calls in index order, arguments parsed (empty text means `{}`).
   * @throws ToolCallAssemblyError when a call lacks a name or its arguments are not a JSON object.
   */
  finish(): ToolCall[] {
    const out: ToolCall[] = [];
    const indexes = [...this.calls.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      const call = this.calls.get(index) as PendingCall;
      if (call.name === '') throw new ToolCallAssemblyError(`tool call #${index} has no name`, '');
      out.push({ id: call.id || `call_${index}`, name: call.name, arguments: parseArguments(call) });
    }
    this.calls.clear();
    this.lastIndex = -1;
    return out;
  }
}

function parseArguments(call: PendingCall): Record<string, unknown> {
  if (call.argumentText.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(call.argumentText);
  } catch {
    throw new ToolCallAssemblyError(`tool call ${call.name} has arguments that are not JSON`, call.name);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ToolCallAssemblyError(
      `tool call ${call.name} has arguments that are not a JSON object`,
      call.name,
    );
  }
  return value as Record<string, unknown>;
}
