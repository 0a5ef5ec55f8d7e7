// Append and load cost per record of the session stores: the JSONL file store (with and without fsync) against the
// JetStream store, side by side in one run (alternating rounds, so load drifting on the machine hits all alike).
// Starts its own nats-server (from PATH) on a free port with a temporary store. Prints markdown tables.
// Run: pnpm build && cd packages/core && node --import tsx bench/session-store.bench.ts   (or: pnpm bench session-store)

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJetStreamSessionStore, type Session, SessionStore } from '@clawft/core';
import type { ChatMessage } from '@clawft/types';
import { natsServerBinary, startNatsServer } from '../test/helpers/nats-server.js';

const ROUNDS = 3;
const APPENDS = 300;
const LENGTHS = [100, 1000];

/** What the stores have in common here. */
interface Store {
  append(key: string, messages: readonly ChatMessage[]): Promise<void>;
  load(key: string): Promise<Session>;
}

/** A turn's record: a tool call with its result (about 400 bytes of JSON). */
const record = (index: number): ChatMessage[] => [
  {
    role: 'assistant',
    content: '',
    toolCalls: [{ id: `call_${index}`, name: 'read_file', arguments: { path: `notes/day-${index}.md` } }],
  },
  {
    role: 'tool',
    toolCallId: `call_${index}`,
    name: 'read_file',
    content: `# Day ${index}\n${'Met the team, reviewed the plan, wrote the report. '.repeat(4)}`,
    isError: false,
  },
];

let keys = 0;
const freshKey = () => {
  keys += 1;
  return `bench:${keys}`;
};

/** Microseconds per append of `count` records to a new session. */
async function appendCost(store: Store, count: number): Promise<number> {
  const key = freshKey();
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await store.append(key, record(index));
  return ((performance.now() - started) * 1000) / count;
}

/** Microseconds per record of loading a `length`-record history the store has not cached (a second instance). */
async function coldLoadCost(writer: Store, reader: () => Store, length: number): Promise<number> {
  const key = freshKey();
  for (let index = 0; index < length; index += 1) await writer.append(key, record(index));
  const store = reader();
  const started = performance.now();
  const { messages } = await store.load(key);
  const elapsed = performance.now() - started;
  if (messages.length !== 2 * length)
    throw new Error(`loaded ${messages.length} messages, wrote ${2 * length}`);
  return (elapsed * 1000) / length;
}

/** Microseconds per load of a cached, unchanged 100-record history (the JetStream store revalidates each). */
async function warmLoadCost(store: Store): Promise<number> {
  const key = freshKey();
  for (let index = 0; index < 100; index += 1) await store.append(key, record(index));
  await store.load(key);
  const started = performance.now();
  for (let index = 0; index < 200; index += 1) await store.load(key);
  return ((performance.now() - started) * 1000) / 200;
}

/**
 * Microseconds per load of a 1000-record history after another store appended one record to it (a worker taking a
 * session's next message after another worker's turn): the tail only.
 */
async function afterOtherAppendCost(writer: Store, reader: Store): Promise<number> {
  const key = freshKey();
  for (let index = 0; index < 1000; index += 1) await writer.append(key, record(index));
  await reader.load(key);
  let elapsed = 0;
  for (let index = 0; index < 50; index += 1) {
    await writer.append(key, record(1000 + index));
    const started = performance.now();
    await reader.load(key);
    elapsed += performance.now() - started;
  }
  return (elapsed * 1000) / 50;
}

const median = (samples: number[]) =>
  [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;

const binary = natsServerBinary();
if (binary === undefined) process.exit(0);
const server = await startNatsServer(binary);
const workspace = await mkdtemp(join(tmpdir(), 'clawft-session-bench-'));
const config = { nats: { servers: [server.url], subjectPrefix: 'bench', sessionStream: 'BENCH_SESSIONS' } };
const jetstream = await createJetStreamSessionStore({ config });
const readers = await Promise.all(
  Array.from({ length: ROUNDS * (LENGTHS.length + 1) }, () => createJetStreamSessionStore({ config })),
);
const stores = {
  'file, fsync': () => new SessionStore({ workspace }),
  'file, no fsync': () => new SessionStore({ workspace, fsync: false }),
  JetStream: () => jetstream,
} as const;
type Name = keyof typeof stores;
const names = Object.keys(stores) as Name[];
const results = new Map<string, number[]>();
const add = (name: string, value: number) => results.set(name, [...(results.get(name) ?? []), value]);
let nextReader = 0;
try {
  for (const name of names) await appendCost(stores[name](), 20);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const name of names) {
      const store = stores[name]();
      add(`append ${name}`, await appendCost(store, APPENDS));
      for (const length of LENGTHS) {
        const reader = name === 'JetStream' ? () => readers[nextReader++] as Store : stores[name];
        add(`load${length} ${name}`, await coldLoadCost(store, reader, length));
      }
      add(`warm ${name}`, await warmLoadCost(store));
      const other = name === 'JetStream' ? (readers[nextReader++] as Store) : stores[name]();
      add(`tail ${name}`, await afterOtherAppendCost(store, other));
    }
  }
} finally {
  await Promise.all([jetstream, ...readers].map((store) => store.close()));
  await server.dispose();
  await rm(workspace, { recursive: true, force: true });
}

const cell = (key: string) => median(results.get(key) ?? []).toFixed(1);
console.log(`Median of ${ROUNDS} rounds, µs per record (a record: one tool call with its result, ~400 B).\n`);
console.log(
  `| store | append | load, ${LENGTHS.map((length) => `${length} records`).join(' | load, ')} | load, cached 100 records (µs per load) | load of 1000 records after another store appended 1 (µs per load) |`,
);
console.log(`| --- | ---: | ${LENGTHS.map(() => '---:').join(' | ')} | ---: | ---: |`);
for (const name of names) {
  const loads = LENGTHS.map((length) => cell(`load${length} ${name}`)).join(' | ');
  console.log(
    `| ${name} | ${cell(`append ${name}`)} | ${loads} | ${cell(`warm ${name}`)} | ${cell(`tail ${name}`)} |`,
  );
}
const ratio = (name: Name) =>
  (median(results.get(`append ${name}`) ?? []) / median(results.get('append file, fsync') ?? [])).toFixed(2);
console.log(
  `\nJetStream append ÷ file append (fsync): ${ratio('JetStream')}; file without fsync ÷ with: ${ratio('file, no fsync')}.`,
);
