// SSE parsing cost per MB for small, large and huge events fed in 4 KiB chunks: @clawft/types' SseParser
// against eventsource-parser 3.1 (behind a streaming TextDecoder, as it takes strings), side by side in one run.
// Linear parsing means the µs/MB figures of one parser stay close whatever the event size.
// Run: cd packages/llm && pnpm bench sse
import { SseParser } from '@clawft/types/internal';
import { createParser } from 'eventsource-parser';

const CHUNK_BYTES = 4096;
const TOTAL_BYTES = 32 * 1024 * 1024;
const RUNS = 5;
const SIZES: [string, number][] = [
  ['1 KB', 1024],
  ['1 MB', 1024 * 1024],
  ['16 MB', 16 * 1024 * 1024],
];

/** About TOTAL_BYTES of events whose data is `eventBytes` long, cut into 4 KiB chunks. */
function stream(eventBytes: number): Uint8Array[] {
  const event = Buffer.from(`data: ${'x'.repeat(eventBytes)}\n\n`);
  const whole = Buffer.concat(
    Array.from({ length: Math.max(1, Math.floor(TOTAL_BYTES / event.length)) }, () => event),
  );
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < whole.length; start += CHUNK_BYTES)
    chunks.push(whole.subarray(start, start + CHUNK_BYTES));
  return chunks;
}

function ours(chunks: readonly Uint8Array[]): number {
  const parser = new SseParser({ maxEventBytes: 64 * 1024 * 1024 });
  let events = 0;
  for (const chunk of chunks) events += parser.push(chunk).length;
  parser.end();
  return events;
}

function theirs(chunks: readonly Uint8Array[]): number {
  let events = 0;
  const parser = createParser({ onEvent: () => (events += 1) });
  const decoder = new TextDecoder();
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

function microsPerMb(run: (chunks: readonly Uint8Array[]) => number, chunks: readonly Uint8Array[]): number {
  const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const started = process.cpuUsage();
  if (run(chunks) < 1) throw new Error('no event parsed');
  const { user, system } = process.cpuUsage(started);
  return (user + system) / (bytes / 1e6);
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

console.log(
  `~${TOTAL_BYTES / 1024 / 1024} MiB per stream in ${CHUNK_BYTES / 1024} KiB chunks; CPU µs per MB, median of ${RUNS} interleaved runs.\n`,
);
console.log('| event size | SseParser µs/MB | eventsource-parser µs/MB | SseParser ÷ eventsource-parser |');
console.log('|---|---:|---:|---:|');
const rows: number[] = [];
for (const [name, size] of SIZES) {
  const chunks = stream(size);
  const [a, b]: [number[], number[]] = [[], []];
  ours(chunks);
  theirs(chunks);
  for (let run = 0; run < RUNS; run += 1) {
    a.push(microsPerMb(ours, chunks));
    b.push(microsPerMb(theirs, chunks));
  }
  const [mine, other] = [median(a), median(b)];
  rows.push(mine);
  console.log(`| ${name} | ${mine.toFixed(0)} | ${other.toFixed(0)} | ${(mine / other).toFixed(2)} |`);
}
console.log(
  `\nSseParser, slowest ÷ fastest event size: ${(Math.max(...rows) / Math.min(...rows)).toFixed(2)}`,
);
