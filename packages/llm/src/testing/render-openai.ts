import type { FakeAnswer, FakeInBandError } from './fake-script.js';
import { type RenderedAnswer, resolveUsage } from './rendered-answer.js';
import { splitInto, sseFrame } from './split-into.js';

const ID = 'chatcmpl-fake';
const CREATED = 1_700_000_000;

/** Renders an answer as OpenAI chat-completion chunks (and as a non-streaming body). */
export function renderOpenAi(answer: FakeAnswer, requestModel: string): RenderedAnswer {
  const model = answer.model ?? requestModel;
  const frame = (fields: Record<string, unknown>): string =>
    sseFrame(JSON.stringify({ id: ID, object: 'chat.completion.chunk', created: CREATED, model, ...fields }));
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): string =>
    frame({ choices: [{ index: 0, delta, finish_reason: finishReason }] });
  const text = answer.text ?? (answer.toolCalls?.length ? '' : 'ok');
  const chunks =
    text === '' ? [] : splitInto(text, answer.chunks ?? 1).map((piece) => chunk({ content: piece }));
  const toolCalls = answer.toolCalls ?? [];
  toolCalls.forEach((call, index) => {
    const id = call.id ?? `call_${index + 1}`;
    const fragments = splitInto(JSON.stringify(call.arguments), call.fragments ?? 3);
    chunks.push(
      chunk({ tool_calls: [{ index, id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    for (const fragment of fragments)
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
  });
  const finishReason = answer.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
  const usage = resolveUsage(answer, chunks.length);
  const wireUsage = usage && {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    ...(usage.reasoningTokens !== undefined && {
      completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    }),
  };
  const tail = [chunk({}, finishReason)];
  if (wireUsage) tail.push(frame({ choices: [], usage: wireUsage }));
  if (answer.omitDone !== true) tail.push('data: [DONE]\n\n');
  return {
    head: [chunk({ role: 'assistant', content: '' })],
    chunks,
    tail,
    errorFrame: (error) => sseFrame(JSON.stringify({ error: openAiError(error) })),
    json: {
      id: ID,
      object: 'chat.completion',
      created: CREATED,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: text === '' ? null : text,
            ...(toolCalls.length > 0 && {
              tool_calls: toolCalls.map((call, index) => ({
                id: call.id ?? `call_${index + 1}`,
                type: 'function',
                function: { name: call.name, arguments: JSON.stringify(call.arguments) },
              })),
            }),
          },
          finish_reason: finishReason,
        },
      ],
      ...(wireUsage && { usage: wireUsage }),
    },
  };
}

function openAiError(error: FakeInBandError | undefined): Record<string, unknown> {
  return {
    message: error?.message ?? 'Overloaded',
    type: error?.type ?? 'server_error',
    code: error?.code ?? null,
  };
}
