import { createHash, timingSafeEqual } from 'node:crypto';
import type { GatewayToken } from '@clawft/types';

/** Who a bearer token speaks for. */
export interface GatewayCaller {
  senderId: string;
}

const SHA256_PREFIX = 'sha256:';

/**
 * Checks `Authorization: Bearer <token>` against `gateway.tokens` in constant time: the presented token and each
 * configured one are hashed with SHA-256 (a `sha256:<hex>` entry is its hash already) and compared with
 * `timingSafeEqual`, every entry every time, so neither the length nor the position of a match shows in the timing.
 *
 * @example
 * const authenticate = createTokenAuth(config.gateway.tokens);
 * const caller = authenticate(request.headers.authorization); // undefined: answer 401
 */
export function createTokenAuth(
  tokens: readonly GatewayToken[],
): (header: string | undefined) => GatewayCaller | undefined {
  const entries = tokens.map((entry) => ({
    digest: entry.token.startsWith(SHA256_PREFIX)
      ? Buffer.from(entry.token.slice(SHA256_PREFIX.length).toLowerCase(), 'hex')
      : sha256(entry.token),
    caller: { senderId: entry.senderId },
  }));
  return (header) => {
    const presented = bearerToken(header);
    if (presented === undefined) return undefined;
    const digest = sha256(presented);
    let match: GatewayCaller | undefined;
    for (const entry of entries) {
      if (timingSafeEqual(entry.digest, digest) && match === undefined) match = entry.caller;
    }
    return match;
  };
}

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
