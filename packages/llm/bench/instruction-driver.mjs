// A small driver for load-independent instruction counts (docs/benchmarks.md, decision 0220): streams the same
// 10k-event loopback answer as bench/providers.bench.ts `runs` times through one path, on the built `dist/`.
// Count 8 streams and 3 under callgrind and divide the difference by 5, so start-up and warm-up cancel out:
//   pnpm build && valgrind --tool=callgrind node bench/instruction-driver.mjs failover 8
// Usage: node bench/instruction-driver.mjs <floor|provider|retry|failover> <runs> [dist directory]
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [path = 'provider', runsText = '1', dist = new URL('../dist', import.meta.url).pathname] =
  process.argv.slice(2);
const undiciPath = createRequire(`${dist}/index.js`).resolve('undici');
const { Agent, request: undiciRequest } = await import(pathToFileURL(undiciPath).href);
const { createOpenAiCompatibleProvider } = await import(`${dist}/providers/openai-compatible.js`);
const { withRetry } = await import(`${dist}/retry/with-retry.js`);
const { withFailover } = await import(`${dist}/failover/with-failover.js`);
const { createFakeLlmServer } = await import(`${dist}/testing/index.js`);
const { renderOpenAi } = await import(`${dist}/testing/render-openai.js`);

const CHUNKS = 10_000;
const text = Array.from({ length: CHUNKS }, (_, index) =>
  `tok${index % 97} héllo wörld`.padEnd(20, '·'),
).join('');
const rendered = renderOpenAi({ type: 'answer', text, chunks: CHUNKS }, 'gpt-4o-mini');
const bytes = Buffer.from([...rendered.head, ...rendered.chunks, ...rendered.tail].join(''));
const server = await createFakeLlmServer({
  script: () => ({ type: 'raw', body: bytes, pieceBytes: 16 * 1024 }),
});
const agent = new Agent({ keepAliveTimeout: 10_000 });
const request = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  metadata: {},
};
const provider = createOpenAiCompatibleProvider({ baseUrl: server.openAiBaseUrl, dispatcher: agent });
const spare = createOpenAiCompatibleProvider({
  id: 'spare',
  baseUrl: server.openAiBaseUrl,
  dispatcher: agent,
});
const providers = {
  provider,
  retry: withRetry(provider, {}, { budget: false }),
  failover: withFailover([
    withRetry(provider, {}, { budget: false }),
    withRetry(spare, {}, { budget: false }),
  ]),
};

/** The floor of bench/providers.bench.ts: undici, a line splitter, JSON.parse. */
async function floor() {
  const response = await undiciRequest(`${server.openAiBaseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ ...request, stream: true }),
    dispatcher: agent,
  });
  const decoder = new TextDecoder();
  let carry = '';
  let chunks = 0;
  for await (const piece of response.body) {
    const lines = (carry + decoder.decode(piece, { stream: true })).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data: ')) continue;
      const data = line.slice(6);
      if (data === '[DONE]') continue;
      if (JSON.parse(data).choices[0]?.delta.content) chunks += 1;
    }
  }
  return chunks;
}

async function through(layered) {
  let chunks = 0;
  for await (const part of layered.stream(request)) if (part.type === 'text-delta') chunks += 1;
  return chunks;
}

const layered = providers[path];
if (path !== 'floor' && layered === undefined) throw new TypeError(`unknown path ${JSON.stringify(path)}`);
for (let run = 0; run < Number(runsText); run += 1) {
  const chunks = path === 'floor' ? await floor() : await through(layered);
  if (chunks !== CHUNKS) throw new Error(`expected ${CHUNKS} text parts, got ${chunks}`);
}
await agent.close();
await server.close();
