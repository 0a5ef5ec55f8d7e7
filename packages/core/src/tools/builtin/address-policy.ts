import { BlockList, isIP } from 'node:net';

/** IPv4 ranges that are not the public internet: this-network, private, CGNAT, loopback, link-local, test, multicast. */
const BLOCKED_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
/** IPv6: unspecified, loopback, IPv4-compatible, NAT64, discard, documentation, unique local, link-local, multicast. */
const BLOCKED_V6: ReadonlyArray<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['::', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
];

/** Decides whether `web_fetch` may connect to an address. */
export type AddressCheck = (address: string) => boolean;

/**
 * Allows public addresses only, unless `allowPrivate`; `allow` lists addresses or CIDR ranges let through anyway.
 * An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`) is judged as the IPv4 address it carries.
 * @throws TypeError naming an `allow` entry that is not an address or CIDR range.
 */
export function createAddressCheck(options: {
  allowPrivate: boolean;
  allow: readonly string[];
}): AddressCheck {
  const blocked = new BlockList();
  for (const [network, prefix] of BLOCKED_V4) blocked.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of BLOCKED_V6) blocked.addSubnet(network, prefix, 'ipv6');
  const allowed = new BlockList();
  for (const [index, entry] of options.allow.entries()) addAllowed(allowed, entry, index);
  return (raw) => {
    const address = unmapped(raw);
    const family = isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : undefined;
    if (family === undefined) return false;
    if (options.allowPrivate || allowed.check(address, family)) return true;
    return !blocked.check(address, family);
  };
}

function unmapped(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped?.[1] !== undefined) return mapped[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (hex?.[1] === undefined || hex[2] === undefined) return bare;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

function addAllowed(list: BlockList, entry: string, index: number): void {
  const [network = '', prefix] = entry.split('/');
  const family = isIP(network) === 4 ? 'ipv4' : isIP(network) === 6 ? 'ipv6' : undefined;
  const bits = prefix === undefined ? undefined : Number(prefix);
  const maxBits = family === 'ipv4' ? 32 : 128;
  if (
    family === undefined ||
    (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits))
  ) {
    throw new TypeError(
      `tools.webFetch.allowAddresses[${index}] ("${entry}") is not an IP address or CIDR range`,
    );
  }
  if (bits === undefined) list.addAddress(network, family);
  else list.addSubnet(network, bits, family);
}
