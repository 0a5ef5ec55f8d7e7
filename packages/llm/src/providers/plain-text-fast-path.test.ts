import { describe, expect, it } from 'vitest';
import { EventSchema } from './anthropic-decoder.js';
import { plainTextDelta } from './anthropic-text-delta.js';
import { ChunkSchema } from './openai-decoder.js';
import { plainTextContent } from './openai-text-chunk.js';

/** Values each field read by a schema is set to, one at a time. */
const VALUES: unknown[] = [undefined, null, '', 'x', 0, 1, -1, 1.5, true, [], [{}], {}, { content: 'x' }];

type Json = Record<string, unknown>;

/** `base` with the value at `path` replaced by `value` (deleted when undefined). */
function mutated(base: Json, path: readonly (string | number)[], value: unknown): Json {
  const copy = structuredClone(base);
  let holder: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (value === undefined) delete holder[last];
  else holder[last] = value;
  return copy;
}

function variants(base: Json, paths: readonly (readonly (string | number)[])[]): Json[] {
  return [base, ...paths.flatMap((path) => VALUES.map((value) => mutated(base, path, value)))];
}

describe('OpenAI plain text chunks read without the schema', () => {
  const base = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta: { content: 'héllo' }, finish_reason: null }],
  };
  const paths = [
    ['model'],
    ['usage'],
    ['choices'],
    ['choices', 0],
    ['choices', 0, 'finish_reason'],
    ['choices', 0, 'delta'],
    ['choices', 0, 'delta', 'content'],
    ['choices', 0, 'delta', 'reasoning_content'],
    ['choices', 0, 'delta', 'reasoning'],
    ['choices', 0, 'delta', 'tool_calls'],
  ];

  it('takes the common chunk', () => {
    expect(plainTextContent(base)).toBe('héllo');
  });

  it('takes a chunk only when the schema accepts it and reads it as that text alone', () => {
    let taken = 0;
    for (const chunk of [
      ...variants(base, paths),
      { ...base, choices: [base.choices[0], base.choices[0]] },
    ]) {
      const text = plainTextContent(chunk);
      if (text === undefined) continue;
      taken += 1;
      const parsed = ChunkSchema.safeParse(chunk);
      expect(parsed.success, JSON.stringify(chunk)).toBe(true);
      const data = parsed.data;
      expect(data?.usage ?? undefined).toBeUndefined();
      expect(data?.choices).toHaveLength(1);
      const choice = data?.choices?.[0];
      expect(choice?.finish_reason ?? undefined).toBeUndefined();
      expect({ ...choice?.delta }).toMatchObject({ content: text });
      expect(choice?.delta?.reasoning_content ?? choice?.delta?.reasoning ?? undefined).toBeUndefined();
      expect(choice?.delta?.tool_calls ?? undefined).toBeUndefined();
    }
    // The base, and the variants that only touch fields the text path allows (model, absent fields as null).
    expect(taken).toBeGreaterThan(5);
  });

  it('leaves every chunk that carries more than text to the schema', () => {
    for (const chunk of [
      mutated(base, ['usage'], { prompt_tokens: 1 }),
      mutated(base, ['choices', 0, 'finish_reason'], 'stop'),
      mutated(base, ['choices', 0, 'delta', 'reasoning'], 'because'),
      mutated(base, ['choices', 0, 'delta', 'tool_calls'], [{ index: 0 }]),
      mutated(base, ['model'], 5),
      mutated(base, ['choices', 0, 'delta', 'content'], ''),
    ]) {
      expect(plainTextContent(chunk), JSON.stringify(chunk)).toBeUndefined();
    }
  });
});

describe('Anthropic text deltas read without the schema', () => {
  const base = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'héllo' } };
  const paths = [
    ['type'],
    ['index'],
    ['delta'],
    ['delta', 'type'],
    ['delta', 'text'],
    ['delta', 'thinking'],
    ['delta', 'partial_json'],
  ];

  it('takes the common event', () => {
    expect(plainTextDelta(base)).toBe('héllo');
  });

  it('takes an event only when the schema accepts it as a text delta with that text', () => {
    let taken = 0;
    for (const event of variants(base, paths)) {
      const text = plainTextDelta(event);
      if (text === undefined) continue;
      taken += 1;
      const parsed = EventSchema.safeParse(event);
      expect(parsed.success, JSON.stringify(event)).toBe(true);
      expect(parsed.data).toMatchObject({ type: 'content_block_delta', delta: { type: 'text_delta', text } });
      const delta = parsed.data?.type === 'content_block_delta' ? parsed.data.delta : undefined;
      expect(delta?.thinking ?? delta?.partial_json ?? undefined).toBeUndefined();
    }
    expect(taken).toBeGreaterThan(2);
  });

  it('leaves tool input, thinking and unknown delta types to the schema', () => {
    for (const event of [
      mutated(base, ['delta'], { type: 'input_json_delta', partial_json: '{"a"' }),
      mutated(base, ['delta'], { type: 'thinking_delta', thinking: 'hm' }),
      mutated(base, ['delta', 'type'], 'citations_delta'),
      mutated(base, ['index'], -1),
      mutated(base, ['index'], 0.5),
    ]) {
      expect(plainTextDelta(event), JSON.stringify(event)).toBeUndefined();
    }
  });
});
