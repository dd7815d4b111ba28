import { isIP } from 'node:net';

/*
 * Which addresses the fetcher may connect to. Pure: strings in, a reason out.
 * Anything that is not ordinary public unicast is refused, because a URL from a Slack user or a
 * feed must never reach the machine itself, the internal network, or a cloud metadata service.
 */

type Range = readonly [prefix: number[], bits: number, reason: string];

// First match wins, so narrower ranges (metadata) come before the ranges that contain them.
const V4: Range[] = [
  [[169, 254, 169, 254], 32, 'cloud metadata address'],
  [[0, 0, 0, 0], 8, 'unspecified address'],
  [[10, 0, 0, 0], 8, 'private address'],
  [[100, 64, 0, 0], 10, 'carrier-grade NAT address'],
  [[127, 0, 0, 0], 8, 'loopback address'],
  [[169, 254, 0, 0], 16, 'link-local address'],
  [[172, 16, 0, 0], 12, 'private address'],
  [[192, 0, 0, 0], 24, 'reserved address'],
  [[192, 168, 0, 0], 16, 'private address'],
  [[198, 18, 0, 0], 15, 'reserved address'],
  [[224, 0, 0, 0], 4, 'multicast address'],
  [[240, 0, 0, 0], 4, 'reserved address'],
];

const V6: Range[] = [
  [[0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54], 128, 'cloud metadata address'],
  [[], 128, 'unspecified address'],
  [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback address'],
  [[0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48, 'reserved address'], // local-use NAT64
  [[0x20, 0x01, 0x00, 0x00], 32, 'reserved address'], // Teredo hides an IPv4 address
  [[0xfc], 7, 'private address'],
  [[0xfe, 0x80], 10, 'link-local address'],
  [[0xfe, 0xc0], 10, 'private address'], // deprecated site-local
  [[0xff], 8, 'multicast address'],
];

/**
 * Why an IP address must not be fetched from, or null when it is public.
 * IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address. Non-addresses are refused.
 */
export function blockedReason(ip: string): string | null {
  const family = isIP(ip);
  if (family === 4) return v4Reason(parseV4(ip));
  if (family === 6) return v6Reason(parseV6(ip));
  return 'not an IP address';
}

/** The IP address a URL hostname spells (brackets removed), or null for a name. */
export function ipLiteral(hostname: string): string | null {
  const host = hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
}

/** Names that mean this machine whatever DNS says (RFC 6761). */
export function isLocalName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost');
}

function v4Reason(bytes: number[]): string | null {
  return match(bytes, V4);
}

function v6Reason(bytes: number[]): string | null {
  const own = match(bytes, V6);
  if (own) return own;
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  const embedded = (at: number) => bytes.slice(at, at + 4);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): the socket really goes to the IPv4 address.
  if (zeros(0, 10) && ((bytes[10] === 0xff && bytes[11] === 0xff) || zeros(10, 12))) {
    return via(v4Reason(embedded(12)), 'IPv4-mapped') ?? (bytes[10] === 0 ? 'reserved address' : null);
  }
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b], 96)) return via(v4Reason(embedded(12)), 'NAT64');
  if (startsWith(bytes, [0x20, 0x02], 16)) return via(v4Reason(embedded(2)), '6to4');
  // Only 2000::/3 is global unicast; everything else is reserved or special-purpose.
  if ((bytes[0] as number) >> 5 !== 0b001) return 'reserved address';
  return null;
}

function via(reason: string | null, form: string): string | null {
  return reason ? `${reason} (${form})` : null;
}

function match(bytes: number[], ranges: Range[]): string | null {
  for (const [prefix, bits, reason] of ranges) if (startsWith(bytes, prefix, bits)) return reason;
  return null;
}

function startsWith(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const take = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - take)) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(ip: string): number[] {
  return ip.split('.').map(Number);
}

/** 16 bytes of a valid IPv6 address (isIP said so), with "::" expanded and a dotted IPv4 tail. */
function parseV6(ip: string): number[] {
  let text = ip.replace(/%.*$/, '');
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    const [a, b, c, d] = parseV4(tail) as [number, number, number, number];
    text = `${text.slice(0, -tail.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups =
    rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}
