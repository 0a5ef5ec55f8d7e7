import { isIP } from 'node:net';
import { ToolError } from '@clawft/types';
import { type Agent, request } from 'undici';
import type { AddressCheck } from './address-policy.js';
import { CappedOutput } from './capped-output.js';

export interface FetchPage {
  url: string;
  status: number;
  contentType: string;
  body: string;
  redirects: number;
}

export interface FetchHopsOptions {
  check: AddressCheck;
  agent: Agent;
  maxRedirects: number;
  maxBytes: number;
  signal: AbortSignal;
}

/**
 * GETs `start`, following redirects by hand so each target is checked like the first: http(s) only, an IP literal
 * judged directly (sockets skip `lookup` for those), a hostname judged by the agent's checked lookup at connect.
 * @throws ToolError `address-denied` for a refused target, `execution-failed` for too many redirects.
 */
export async function fetchHops(start: URL, options: FetchHopsOptions): Promise<FetchPage> {
  let url = start;
  for (let redirects = 0; ; redirects += 1) {
    assertTarget(url, options.check);
    const response = await request(url, {
      dispatcher: options.agent,
      method: 'GET',
      headers: { 'user-agent': 'clawft-web-fetch', accept: 'text/*, application/json, */*;q=0.5' },
      signal: options.signal,
    });
    const location = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
      await response.body.dump();
      if (redirects >= options.maxRedirects) {
        const message = `more than ${options.maxRedirects} redirects from ${start.href} (tools.webFetch.maxRedirects)`;
        throw new ToolError({ kind: 'execution-failed', tool: 'web_fetch', message });
      }
      url = new URL(location, url);
      continue;
    }
    const output = new CappedOutput(options.maxBytes * 2);
    let read = 0;
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      output.push(buffer.subarray(0, Math.max(0, options.maxBytes - read)));
      read += buffer.length;
      if (read > options.maxBytes) break;
    }
    if (read > options.maxBytes) response.body.destroy();
    const contentType = String(response.headers['content-type'] ?? '');
    const cut =
      read > options.maxBytes ? `\n[… cut at ${options.maxBytes} bytes (tools.webFetch.maxBytes) …]` : '';
    return { url: url.href, status: response.statusCode, contentType, body: output.text() + cut, redirects };
  }
}

function assertTarget(url: URL, check: AddressCheck): void {
  const denied = (why: string): ToolError =>
    new ToolError({
      kind: 'address-denied',
      tool: 'web_fetch',
      path: url.href,
      message: `cannot fetch ${url.href}: ${why}`,
    });
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw denied('only http and https URLs are fetched');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !check(host)) {
    throw denied(
      `${host} is not a public address; set tools.webFetch.allowPrivateAddresses or allowAddresses`,
    );
  }
}
