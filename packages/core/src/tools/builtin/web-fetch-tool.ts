import type { WebFetchPolicy } from '@clawft/types';
import { ToolError } from '@clawft/types';
import { Agent } from 'undici';
import { z } from 'zod';
import type { ZodTool } from '../zod-tool.js';
import { createAddressCheck } from './address-policy.js';
import { checkedLookup, type ResolveAll } from './checked-lookup.js';
import { fetchHops } from './fetch-hops.js';

const WebFetchArgs = z.object({
  url: z.string().url().describe('http(s) URL to GET.'),
});

export interface WebFetchToolOptions {
  /** DNS resolution, for tests and custom resolvers. @default dns.lookup */
  resolveAll?: ResolveAll;
}

/**
 * `web_fetch`: GETs a public URL. Private, loopback and link-local addresses are refused (unless the policy allows
 * them) on the address each connection actually uses, and again after every redirect; the body is capped at
 * `maxBytes` and the whole fetch at `timeoutMs`. Touches no files, so it runs beside any other call.
 * @throws TypeError (at creation) for a bad `allowAddresses` entry.
 */
export function webFetchTool(
  policy: WebFetchPolicy,
  options: WebFetchToolOptions = {},
): ZodTool<typeof WebFetchArgs> {
  const check = createAddressCheck({
    allowPrivate: policy.allowPrivateAddresses,
    allow: policy.allowAddresses,
  });
  const lookup = checkedLookup(check, options.resolveAll);
  return {
    name: 'web_fetch',
    description:
      'Fetch a web page or API response by URL (GET) and return its status, content type and body.',
    schema: WebFetchArgs,
    access: () => ({}),
    async execute({ url }, { signal }) {
      const controller = new AbortController();
      const timeoutError = new ToolError({
        kind: 'timeout',
        tool: 'web_fetch',
        message: `fetching ${url} took longer than ${policy.timeoutMs} ms (tools.webFetch.timeoutMs)`,
      });
      const timer = setTimeout(() => controller.abort(timeoutError), policy.timeoutMs);
      const onAbort = (): void => controller.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      // One agent per call: its sockets are closed when the call ends, whatever happened.
      const agent = new Agent({
        connect: { lookup },
        headersTimeout: policy.timeoutMs,
        bodyTimeout: policy.timeoutMs,
      });
      try {
        const page = await fetchHops(new URL(url), { ...policy, check, agent, signal: controller.signal });
        const content = `status: ${page.status}\nurl: ${page.url}\ncontent-type: ${page.contentType}\n\n${page.body}`;
        return {
          content,
          isError: page.status >= 400,
          metadata: { status: page.status, redirects: page.redirects },
        };
      } catch (error) {
        throw controller.signal.aborted && controller.signal.reason === timeoutError
          ? timeoutError
          : unwrap(error);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        await agent.destroy().catch(() => undefined);
      }
    },
  };
}

/** undici may wrap the lookup's error; surface a ToolError found in the cause chain. */
function unwrap(error: unknown): unknown {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
    if (ToolError.is(current)) return current;
    current = (current as { cause?: unknown } | null)?.cause;
  }
  return error;
}
