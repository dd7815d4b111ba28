import { BlockList, isIP } from 'node:net';
import { UserError } from '../errors.ts';

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Allow loopback and private addresses: for local testing only. */
  allowPrivate: boolean;
  fetchImpl?: typeof fetch;
  /** Media types accepted instead of the default (web pages and text), e.g. feeds' XML types. */
  contentTypes?: string[];
  /** Extra request headers, e.g. If-None-Match / If-Modified-Since for a conditional GET. */
  headers?: Record<string, string>;
}

export interface FetchedPage {
  bytes: Uint8Array;
  contentType: string | null;
  /** The URL after redirects. */
  url: string;
  /** True for a 304 answer to a conditional GET (bytes empty). */
  notModified?: boolean;
  etag?: string | null;
  lastModified?: string | null;
}

const MAX_REDIRECTS = 5;
const USER_AGENT = 'newsbrief/0.1 (news brief bot)';
const ACCEPTED_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'];

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE.addSubnet(net, bits, 'ipv6');
}

/**
 * Refuses URLs that are not http(s) or that name a loopback/private address literally.
 * (Names that resolve to private addresses are the hardening issue's DNS-pinning work.)
 */
export function checkUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('bad-url', `not a valid URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('bad-url', `only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (!allowPrivate) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const family = isIP(host);
    const isPrivate =
      host === 'localhost' ||
      host.endsWith('.localhost') ||
      (family === 4 && PRIVATE.check(host, 'ipv4')) ||
      (family === 6 && (PRIVATE.check(host, 'ipv6') || isMappedPrivate(host)));
    if (isPrivate) {
      throw new UserError(
        'private-address',
        `refusing to fetch ${url.host}: it is a local or private address (FETCH_ALLOW_PRIVATE=true allows it for local testing)`,
      );
    }
  }
  return url;
}

function isMappedPrivate(host: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host)?.[1];
  return mapped !== undefined && PRIVATE.check(mapped, 'ipv4');
}

/** Fetches one page: redirects checked hop by hop, a total timeout, and a size cap while streaming. */
export async function fetchPage(rawUrl: string, opts: FetchOptions): Promise<FetchedPage> {
  const doFetch = opts.fetchImpl ?? fetch;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let url = checkUrl(rawUrl, opts.allowPrivate);
  try {
    for (let hop = 0; ; hop++) {
      const res = await doFetch(url, {
        redirect: 'manual',
        signal,
        headers: {
          'user-agent': USER_AGENT,
          accept:
            opts.contentTypes?.join(',') ?? 'text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1',
          ...opts.headers,
        },
      });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        if (hop >= MAX_REDIRECTS)
          throw new UserError('too-many-redirects', `${rawUrl} redirects more than ${MAX_REDIRECTS} times`);
        url = checkUrl(new URL(location, url).toString(), opts.allowPrivate);
        continue;
      }
      if (res.status === 304 && opts.headers) {
        await res.body?.cancel();
        return { bytes: new Uint8Array(), contentType: null, url: url.toString(), notModified: true };
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new UserError('fetch-status', `${url} answered HTTP ${res.status}`);
      }
      const contentType = res.headers.get('content-type');
      const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
      if (mediaType && !(opts.contentTypes ?? ACCEPTED_TYPES).includes(mediaType)) {
        await res.body?.cancel();
        throw new UserError('unsupported-content-type', `${url} is ${mediaType}, not a web page or text`);
      }
      return {
        bytes: await readCapped(res, opts.maxBytes, url),
        contentType,
        url: url.toString(),
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
      };
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (signal.aborted)
      throw new UserError('fetch-timeout', `${url} did not answer within ${opts.timeoutMs / 1000} s`);
    throw new UserError(
      'fetch-failed',
      `could not fetch ${url}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }
}

async function readCapped(res: Response, maxBytes: number, url: URL): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await res.body.cancel().catch(() => {});
      throw new UserError(
        'too-large',
        `${url} is larger than ${Math.round(maxBytes / 1024)} KB; not fetched`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
