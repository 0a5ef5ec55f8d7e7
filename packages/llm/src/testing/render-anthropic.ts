import type { FakeAnswer } from './fake-script.js';
import { type RenderedAnswer, resolveUsage } from './rendered-answer.js';
import { splitInto, sseFrame } from './split-into.js';

const ID = 'msg_fake';

function event(type: string, payload: Record<string, unknown>): string {
  return sseFrame(JSON.stringify({ type, ...payload }), type);
}

/** One content block as stream events: start, deltas, stop. */
function block(index: number, start: Record<string, unknown>, deltas: Record<string, unknown>[]): string[] {
  return [
    event('content_block_start', { index, content_block: start }),
    ...deltas.map((delta) => event('content_block_delta', { index, delta })),
    event('content_block_stop', { index }),
  ];
}

/** Renders an answer as Anthropic Messages stream events (and as a non-streaming body). */
export function renderAnthropic(answer: FakeAnswer, requestModel: string): RenderedAnswer {
  const model = answer.model ?? requestModel;
  const text = answer.text ?? (answer.toolCalls?.length ? '' : 'ok');
  const toolCalls = (answer.toolCalls ?? []).map((call, position) => ({
    ...call,
    id: call.id ?? `toolu_${position + 1}`,
  }));
  const chunks: string[] = [];
  const content: Record<string, unknown>[] = [];
  if (text !== '') {
    const pieces = splitInto(text, answer.chunks ?? 1).map((piece) => ({ type: 'text_delta', text: piece }));
    chunks.push(...block(0, { type: 'text', text: '' }, pieces));
    content.push({ type: 'text', text });
  }
  for (const call of toolCalls) {
    const fragments = splitInto(JSON.stringify(call.arguments), call.fragments ?? 3);
    const deltas = fragments.map((fragment) => ({ type: 'input_json_delta', partial_json: fragment }));
    chunks.push(
      ...block(content.length, { type: 'tool_use', id: call.id, name: call.name, input: {} }, deltas),
    );
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  }
  const stopReason = answer.finishReason ?? (toolCalls.length > 0 ? 'tool_use' : 'end_turn');
  const usage = resolveUsage(answer, chunks.length) ?? { inputTokens: 0, outputTokens: 0 };
  const message = { id: ID, type: 'message', role: 'assistant', model, stop_sequence: null };
  return {
    head: [
      event('message_start', {
        message: {
          ...message,
          content: [],
          stop_reason: null,
          usage: { input_tokens: usage.inputTokens, output_tokens: 1 },
        },
      }),
      event('ping', {}),
    ],
    chunks,
    tail: [
      event('message_delta', {
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: usage.outputTokens },
      }),
      event('message_stop', {}),
    ],
    errorFrame: (error) =>
      event('error', {
        error: { type: error?.type ?? 'overloaded_error', message: error?.message ?? 'Overloaded' },
      }),
    json: {
      ...message,
      content,
      stop_reason: stopReason,
      usage: { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens },
    },
  };
}
