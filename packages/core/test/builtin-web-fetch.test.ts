import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ToolsSchema, type WebFetchPolicy } from '@clawft/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolveAll } from '../src/tools/builtin/checked-lookup.js';
import { createBuiltinTools } from '../src/tools/builtin/create-builtin-tools.js';
import { ToolRegistry } from '../src/tools/tool-registry.js';
import { toolCall } from './helpers/builtin-registry.js';

let server: Server;
let base: string;
let port: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/hello') return response.end('hello from the server');
    if (url.pathname === '/big') return response.end('z'.repeat(100_000));
    if (url.pathname === '/slow') return void setTimeout(() => response.end('late'), 2_000);
    if (url.pathname === '/redirect') {
      response.writeHead(302, { location: url.searchParams.get('to') ?? '/hello' });
      return response.end();
    }
    response.writeHead(404);
    return response.end('not here');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** `*.rebind.test` resolves to 127.0.0.1, standing in for DNS that answers with a private address. */
const fakeDns: ResolveAll = (hostname, _options, callback) => {
  if (hostname.endsWith('.rebind.test')) return callback(null, [{ address: '127.0.0.1', family: 4 }]);
  return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
};

async function fetchUrl(url: string, policy: Partial<WebFetchPolicy> = {}) {
  const config = ToolsSchema.parse({ webFetch: policy });
  const registry = new ToolRegistry({ config });
  for (const tool of createBuiltinTools(config, { workspace: process.cwd(), resolveAll: fakeDns })) {
    registry.register(tool);
  }
  const [report] = await registry.runBatch([toolCall('web_fetch', { url })], { workspace: process.cwd() });
  if (report === undefined) throw new Error('no report');
  return report.result;
}

describe('web_fetch', () => {
  it('fetches from an address that is explicitly allowed', async () => {
    const result = await fetchUrl(`${base}/hello`, { allowAddresses: ['127.0.0.1'] });
    expect(result.isError).toBe(false);
    expect(result.content).toContain('status: 200');
    expect(result.content).toContain('hello from the server');
  });

  it('refuses loopback, private and link-local literals by default', async () => {
    for (const url of [
      `${base}/hello`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
    ]) {
      const result = await fetchUrl(url);
      expect(result.metadata?.errorKind, url).toBe('address-denied');
    }
  });

  it('refuses a hostname that resolves to 127.0.0.1, checked at connect time', async () => {
    const result = await fetchUrl(`http://evil.rebind.test:${port}/hello`);
    expect(result.metadata?.errorKind).toBe('address-denied');
    expect(result.content).toContain('resolves to 127.0.0.1, which is not public');
  });

  it('refuses localhost through the real resolver', async () => {
    const config = ToolsSchema.parse({});
    const registry = new ToolRegistry({ config });
    for (const tool of createBuiltinTools(config, { workspace: process.cwd() })) registry.register(tool);
    const [report] = await registry.runBatch(
      [toolCall('web_fetch', { url: `http://localhost:${port}/hello` })],
      {
        workspace: process.cwd(),
      },
    );
    expect(report?.result.metadata?.errorKind).toBe('address-denied');
  });

  it('checks every redirect target again', async () => {
    const to = encodeURIComponent('http://127.0.0.2/secret');
    const result = await fetchUrl(`${base}/redirect?to=${to}`, { allowAddresses: ['127.0.0.1'] });
    expect(result.metadata?.errorKind).toBe('address-denied');
    expect(result.content).toContain('127.0.0.2 is not a public address');
    const viaName = await fetchUrl(
      `${base}/redirect?to=${encodeURIComponent(`http://a.rebind.test:${port}/hello`)}`,
      {
        allowAddresses: ['127.0.0.1/32'],
      },
    );
    expect(viaName.isError).toBe(false);
    expect(viaName.content).toContain('hello from the server');
  });

  it('follows redirects up to maxRedirects', async () => {
    const ok = await fetchUrl(`${base}/redirect?to=/hello`, { allowAddresses: ['127.0.0.1'] });
    expect(ok.content).toContain('hello from the server');
    const tooMany = await fetchUrl(`${base}/redirect?to=/hello`, {
      allowAddresses: ['127.0.0.1'],
      maxRedirects: 0,
    });
    expect(tooMany.content).toContain('more than 0 redirects');
  });

  it('caps the body at maxBytes and marks the cut', async () => {
    const result = await fetchUrl(`${base}/big`, { allowAddresses: ['127.0.0.1'], maxBytes: 1_000 });
    expect(result.content).toContain('cut at 1000 bytes');
    expect(Buffer.byteLength(result.content)).toBeLessThan(1_300);
  });

  it('gives up after timeoutMs', async () => {
    const result = await fetchUrl(`${base}/slow`, { allowAddresses: ['127.0.0.1'], timeoutMs: 200 });
    expect(result.metadata?.errorKind).toBe('timeout');
  });

  it('refuses schemes other than http(s) and reports an error status as an error', async () => {
    expect((await fetchUrl('file:///etc/passwd')).metadata?.errorKind).toBe('address-denied');
    const missing = await fetchUrl(`${base}/missing`, { allowAddresses: ['127.0.0.1'] });
    expect(missing.isError).toBe(true);
    expect(missing.content).toContain('status: 404');
  });
});
