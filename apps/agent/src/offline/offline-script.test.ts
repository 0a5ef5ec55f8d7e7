import type { FakeRequest } from '@clawft/llm/testing';
import { describe, expect, it } from 'vitest';
import { OFFLINE_NOTE_PATH, offlineStep } from './offline-script.js';

const request = (messages: unknown[]): FakeRequest => ({
  api: 'openai',
  method: 'POST',
  path: '/v1/chat/completions',
  headers: {},
  body: { messages },
  receivedAt: 0,
});
const call = (id: string, name: string, args: unknown) => ({
  role: 'assistant',
  content: null,
  tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
});
const result = (id: string, content: string) => ({ role: 'tool', tool_call_id: id, content });
const user = { role: 'user', content: 'what is here?' };

describe('offlineStep', () => {
  it('lists the workspace first', () => {
    expect(offlineStep(request([user]))).toMatchObject({
      toolCalls: [{ name: 'list_dir', arguments: { path: '.' } }],
    });
  });

  it('reads up to two visible files in one round, Markdown first, skipping hidden and in-flight files', () => {
    const listed = [
      user,
      call('c1', 'list_dir', { path: '.' }),
      result('c1', '.clawft-history\na.txt\nb.md\nc.md.tmp\nnotes/'),
    ];
    expect(offlineStep(request(listed))).toMatchObject({
      toolCalls: [
        { name: 'read_file', arguments: { path: 'b.md' } },
        { name: 'read_file', arguments: { path: 'a.txt' } },
      ],
    });
  });

  it('writes the note, reads it back when there was nothing to read, then answers with what it found', () => {
    const empty = [user, call('c1', 'list_dir', { path: '.' }), result('c1', 'sessions/')];
    expect(offlineStep(request(empty))).toMatchObject({
      toolCalls: [{ name: 'write_file', arguments: { path: OFFLINE_NOTE_PATH } }],
    });
    const written = [
      ...empty,
      call('c2', 'write_file', { path: OFFLINE_NOTE_PATH, content: 'x' }),
      result('c2', 'wrote'),
    ];
    expect(offlineStep(request(written))).toMatchObject({
      toolCalls: [{ name: 'read_file', arguments: { path: OFFLINE_NOTE_PATH } }],
    });
    const readBack = [
      ...written,
      call('c3', 'read_file', { path: OFFLINE_NOTE_PATH }),
      result('c3', '# Note\nbody'),
    ];
    const answer = offlineStep(request(readBack));
    expect(answer.type === 'answer' && answer.text).toContain(
      `I read ${OFFLINE_NOTE_PATH} (first line: "# Note")`,
    );
    expect(answer.type === 'answer' && answer.text).toContain('the workspace has 1 entry (sessions/)');
  });
});
