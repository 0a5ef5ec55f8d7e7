import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { ToolError } from '@clawft/types';
import type { AddressCheck } from './address-policy.js';

/** Resolves every address of a hostname, as `dns.lookup` with `all: true` does. */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `lookup` for sockets that refuses a hostname when any address it resolves to fails `check`. Installed on the
 * connection itself, it judges the very addresses the socket then connects to, so a DNS answer that changes between
 * a check and the connect (rebinding) cannot slip through.
 */
export function checkedLookup(check: AddressCheck, resolveAll: ResolveAll = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, '', 0);
      const denied = addresses.find((entry) => !check(entry.address));
      if (denied !== undefined || addresses.length === 0) {
        const why =
          denied === undefined
            ? 'resolves to no address'
            : `resolves to ${denied.address}, which is not public`;
        const message = `host "${hostname}" ${why}; set tools.webFetch.allowPrivateAddresses or allowAddresses to reach it`;
        return callback(
          new ToolError({ kind: 'address-denied', tool: 'web_fetch', path: hostname, message }),
          '',
          0,
        );
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}
