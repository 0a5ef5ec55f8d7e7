import { describe, expect, it } from 'vitest';
import { createAddressCheck } from './address-policy.js';
import { BUILTIN_DENY_PATTERNS, compileDenyPatterns, deniedBy } from './deny-patterns.js';

describe('createAddressCheck', () => {
  const check = createAddressCheck({ allowPrivate: false, allow: [] });

  it('refuses loopback, private, CGNAT, link-local, multicast and unspecified addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'ff02::1',
    ]) {
      expect(check(address), address).toBe(false);
    }
  });

  it('judges an IPv4-mapped IPv6 address as its IPv4 address, in either notation', () => {
    expect(check('::ffff:127.0.0.1')).toBe(false);
    expect(check('::ffff:7f00:1')).toBe(false);
    expect(check('::ffff:8.8.8.8')).toBe(true);
  });

  it('allows public addresses, and refuses what is not an address', () => {
    expect(check('8.8.8.8')).toBe(true);
    expect(check('172.32.0.1')).toBe(true);
    expect(check('2606:4700:4700::1111')).toBe(true);
    expect(check('example.com')).toBe(false);
  });

  it('lets listed addresses and ranges through, or everything with allowPrivate', () => {
    const some = createAddressCheck({ allowPrivate: false, allow: ['10.1.2.0/24', '::1'] });
    expect(some('10.1.2.200')).toBe(true);
    expect(some('10.1.3.1')).toBe(false);
    expect(some('::1')).toBe(true);
    expect(createAddressCheck({ allowPrivate: true, allow: [] })('127.0.0.1')).toBe(true);
  });

  it('refuses an allow entry that is not an address or range, naming it', () => {
    expect(() => createAddressCheck({ allowPrivate: false, allow: ['10.0.0.0/33'] })).toThrow(
      'tools.webFetch.allowAddresses[0] ("10.0.0.0/33")',
    );
  });
});

describe('exec deny patterns', () => {
  it('leaves ordinary commands alone', () => {
    for (const command of [
      'ls -la',
      'rm -rf build/',
      'rm -f ./a.txt',
      'git status',
      'echo reboot-free',
      'echo "do not reboot now"',
      'dd if=a of=b',
    ]) {
      expect(deniedBy(command, []), command).toBeUndefined();
    }
  });

  it('refuses power commands in command position', () => {
    for (const command of ['reboot', 'sudo shutdown -h now', 'make && poweroff', 'true; halt']) {
      expect(deniedBy(command, []), command).toBeDefined();
    }
  });

  it('has a built-in list and names a bad configured pattern', () => {
    expect(BUILTIN_DENY_PATTERNS.length).toBeGreaterThan(0);
    expect(() => compileDenyPatterns(['ok', '('])).toThrow('tools.exec.denyPatterns[1] ("(")');
  });
});
