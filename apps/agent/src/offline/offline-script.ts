import type { FakeRequest, FakeStep, FakeToolCall } from '@clawft/llm/testing';
import { type OfflineTurnView, viewOfflineTurn } from './offline-conversation.js';

/** Where the offline model writes its note, relative to the workspace. */
export const OFFLINE_NOTE_PATH = 'notes/offline-note.md';
/** Files read per turn at most (read in parallel, in one tool round). */
const MAX_FILES_READ = 2;
/** Pause between streamed chunks of the answer, so streaming is visible. */
const CHUNK_DELAY_MS = 12;

const callStep = (toolCalls: FakeToolCall[]): FakeStep => ({
  type: 'answer',
  text: '',
  toolCalls,
  finishReason: 'tool_calls',
});

/** Files (not directories, not the note) of a `list_dir` result, Markdown first. */
function pickFiles(listing: string | undefined): string[] {
  // Hidden files are the app's own (history); `.tmp` files are atomic writes in flight (the cost file).
  const names = (listing ?? '')
    .split('\n')
    .filter((name) => name !== '' && !name.endsWith('/') && !name.endsWith('.tmp') && !name.startsWith('.'));
  const markdownFirst = [...names].sort((a, b) => Number(!a.endsWith('.md')) - Number(!b.endsWith('.md')));
  return markdownFirst.slice(0, MAX_FILES_READ);
}

const firstLine = (text: string | undefined): string =>
  (text ?? '')
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim()
    .slice(0, 80) ?? '(empty)';

function describeReads(view: OfflineTurnView): string {
  const reads = view.calls.filter((call) => call.name === 'read_file');
  if (reads.length === 0) return 'There was no file to read.';
  const parts = reads.map(
    (call) => `${String(call.arguments.path)} (first line: "${firstLine(call.result)}")`,
  );
  return `I read ${parts.join(' and ')}.`;
}

function noteFor(view: OfflineTurnView, listing: string[]): string {
  return [
    '# Note from the clawft offline model',
    '',
    `Asked: ${view.userText.slice(0, 200)}`,
    `Workspace entries: ${listing.length === 0 ? '(none)' : listing.join(', ')}`,
    describeReads(view),
    '',
  ].join('\n');
}

function answer(view: OfflineTurnView, listing: string[]): FakeStep {
  const shown = listing.slice(0, 8).join(', ') + (listing.length > 8 ? ', …' : '');
  const text = [
    `I am clawft's offline model, so I cannot really think about "${view.userText.slice(0, 60)}",`,
    `but I did use the tools: the workspace has ${listing.length} entr${listing.length === 1 ? 'y' : 'ies'}`,
    `(${shown || 'none'}). ${describeReads(view)} I wrote a note to ${OFFLINE_NOTE_PATH}.`,
    'Configure a provider key (docs/configuration.md) to talk to a real model.',
  ].join(' ');
  const words = text.split(' ').length;
  return { type: 'answer', text, chunks: Math.min(words, 40), chunkDelayMs: CHUNK_DELAY_MS };
}

/**
 * The offline model's next move for one request: list the workspace, read up to two of its files in parallel,
 * write a note (and read it back when there was nothing else to read), then answer with what it found. Decided
 * from the conversation in the request, so every turn (and every session) runs the same real loop.
 */
export function offlineStep(request: FakeRequest): FakeStep {
  const view = viewOfflineTurn(request.body);
  const done = (name: string) => view.calls.filter((call) => call.name === name);
  const listed = done('list_dir')[0];
  if (listed === undefined) return callStep([{ name: 'list_dir', arguments: { path: '.' } }]);
  const listing = (listed.result ?? '').split('\n').filter((name) => name !== '' && !name.endsWith('.tmp'));
  const files = pickFiles(listed.result);
  if (done('read_file').length === 0 && done('write_file').length === 0 && files.length > 0) {
    return callStep(files.map((path) => ({ name: 'read_file', arguments: { path } })));
  }
  if (done('write_file').length === 0) {
    const content = noteFor(view, listing);
    return callStep([{ name: 'write_file', arguments: { path: OFFLINE_NOTE_PATH, content } }]);
  }
  if (done('read_file').length === 0) {
    return callStep([{ name: 'read_file', arguments: { path: OFFLINE_NOTE_PATH } }]);
  }
  return answer(view, listing);
}
