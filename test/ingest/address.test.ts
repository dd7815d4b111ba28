import { describe, expect, it } from 'vitest';
import { blockedReason, ipLiteral, isLocalName } from '../../src/ingest/address.ts';

describe('blockedReason', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'reserved'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.255', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback address (IPv4-mapped)'],
    ['::ffff:7f00:1', 'loopback address (IPv4-mapped)'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'cloud metadata address (IPv4-mapped)'],
    ['::ffff:10.1.2.3', 'private address (IPv4-mapped)'],
    ['::127.0.0.1', 'loopback address (IPv4-mapped)'],
    ['::8.8.8.8', 'reserved'],
    ['64:ff9b::7f00:1', 'loopback address (NAT64)'],
    ['64:ff9b::192.168.0.1', 'private address (NAT64)'],
    ['64:ff9b:1::1', 'reserved'],
    ['2002:7f00:1::1', 'loopback address (6to4)'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['100::1', 'reserved'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s (%s)', (ip, reason) => {
    expect(blockedReason(ip)).toContain(reason);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '1.1.1.1',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.0.1.1',
    '198.17.255.255',
    '198.20.0.0',
    '223.255.255.255',
    '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
    '::ffff:93.184.215.14',
    '64:ff9b::5db8:d70e',
    '2002:5db8:d70e::1',
  ])('allows the public address %s', (ip) => {
    expect(blockedReason(ip)).toBeNull();
  });
});

describe('URL host spellings', () => {
  // WHATWG URL parsing turns every IPv4 spelling into dotted form before we look at it.
  it.each([
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://%31%32%37.0.0.1/', '127.0.0.1'],
    ['http://0/', '0.0.0.0'],
    ['http://0xa9fea9fe/', '169.254.169.254'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['http://[0:0:0:0:0:ffff:169.254.169.254]/', '::ffff:a9fe:a9fe'],
  ])('%s is %s', (url, ip) => {
    const literal = ipLiteral(new URL(url).hostname);
    expect(literal).toBe(ip);
    expect(blockedReason(literal as string)).not.toBeNull();
  });

  it('treats names as names', () => {
    expect(ipLiteral('news.example')).toBeNull();
    expect(ipLiteral('127.0.0.1.nip.io')).toBeNull();
  });

  it('knows localhost names', () => {
    expect(isLocalName('localhost')).toBe(true);
    expect(isLocalName('LOCALHOST.')).toBe(true);
    expect(isLocalName('api.localhost')).toBe(true);
    expect(isLocalName('localhost.news.example')).toBe(false);
  });
});
