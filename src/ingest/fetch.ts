import dns from 'node:dns';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { UserError } from '../errors.ts';
import { projectPath } from '../paths.ts';
import { blockedReason, ipLiteral, isLocalName } from './address.ts';

/*
 * The one fetcher for pages and feeds (an adapter: the only ingest code that opens sockets).
 * Each hop: check the URL, resolve the host, refuse it if any address is not public, then connect
 * to exactly the addresses that were checked (a pinned `lookup`), so DNS cannot answer differently
 * between the check and the connection. TLS SNI and the Host header stay the hostname.
 */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a hostname resolves to (dns.lookup by default; tests pass a stub). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchOptions {
  /** Total time for the fetch: every hop, DNS, connection and body. */
  timeoutMs: number;
  /** Time to establish each TCP connection; defaults to the total timeout. */
  connectTimeoutMs?: number;
  /** Largest body accepted, after decompression; larger ones are cut off and refused. */
  maxBytes: number;
  /** Allow loopback and private addresses: for local testing only. */
  allowPrivate: boolean;
  resolve?: Resolver;
  /** Media types accepted instead of the default (web pages and text), e.g. feeds' XML types. */
  contentTypes?: string[];
  /** Extra request headers, e.g. If-None-Match / If-Modified-Since for a conditional GET. */
  headers?: Record<string, string>;
  /** Refusals are logged here (host and reason only: paths and queries may carry tokens). */
  logger?: { warn(obj: object, msg: string): void };
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

export const MAX_REDIRECTS = 5;
const PACKAGE = JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as {
  version: string;
  homepage?: string;
};
/** Names the bot to site owners; a `homepage` in package.json becomes its contact URL. */
export const USER_AGENT = `newsbrief/${PACKAGE.version} (${PACKAGE.homepage ? `+${PACKAGE.homepage}` : 'news brief bot'})`;
const ACCEPTED_TYPES = ['text/html', 'application/xhtml+xml', 'text/plain', 'text/markdown'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.promises.lookup(hostname, { all: true, verbatim: true });
  return found.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

/**
 * The checks that need no DNS: http(s) only, no credentials, no local names, no blocked IP
 * literals. WHATWG URL parsing has already turned decimal, octal and hex IPv4 spellings
 * (http://2130706433/, http://0x7f.1/, http://017700000001/) into dotted form.
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
  if (url.username || url.password) {
    // Credentials would be sent to whoever the URL (or a redirect) names.
    throw new UserError(
      'bad-url',
      `refusing to fetch ${url.host}: URLs with a user name or password are not fetched`,
    );
  }
  if (allowPrivate) return url;
  const ip = ipLiteral(url.hostname);
  const reason = ip ? blockedReason(ip) : isLocalName(url.hostname) ? 'loopback name' : null;
  if (reason) throw refusal(url, reason);
  return url;
}

/** Resolves a checked URL's host; refuses it when any of its addresses is not public. */
export async function resolveChecked(
  url: URL,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress[]> {
  const ip = ipLiteral(url.hostname);
  let addresses: ResolvedAddress[];
  try {
    addresses = ip ? [{ address: ip, family: ip.includes(':') ? 6 : 4 }] : await resolve(url.hostname);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOTFOUND' ? 'was not found' : `could not be resolved (${code ?? String(err)})`;
    throw new UserError('fetch-failed', `could not fetch ${url}: ${url.hostname} ${why}`, { cause: err });
  }
  if (addresses.length === 0)
    throw new UserError('fetch-failed', `could not fetch ${url}: ${url.hostname} has no address`);
  if (!allowPrivate) {
    // One bad address refuses the name: public sites have no reason to list a private one too.
    for (const { address } of addresses) {
      const reason = blockedReason(address);
      if (reason)
        throw refusal(url, ip ? reason : `${url.hostname} resolves to ${address}, a ${reason}`, address);
    }
  }
  return addresses;
}

/** A refused address, with what the log needs (the host, never the path or query). */
export class AddressRefused extends UserError {
  constructor(
    readonly host: string,
    readonly address: string | undefined,
    readonly reason: string,
    message: string,
  ) {
    super('private-address', message);
  }
}

function refusal(url: URL, reason: string, address?: string): AddressRefused {
  return new AddressRefused(
    url.hostname,
    address,
    reason,
    `refusing to fetch ${url.origin}/: ${reason} (FETCH_ALLOW_PRIVATE=true allows it for local testing)`,
  );
}

/**
 * Fetches one page or feed: every redirect hop checked and pinned, at most five redirects,
 * connect and total timeouts, a content-type allowlist and a size cap applied while streaming.
 */
export async function fetchPage(rawUrl: string, opts: FetchOptions): Promise<FetchedPage> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), opts.timeoutMs);
  let url: URL | string = rawUrl;
  try {
    url = checkUrl(rawUrl, opts.allowPrivate);
    for (let hop = 0; ; hop++) {
      const addresses = await abortable(
        resolveChecked(url, opts.allowPrivate, opts.resolve),
        deadline.signal,
      );
      const res = await request(url, addresses, {
        signal: deadline.signal,
        connectTimeoutMs: opts.connectTimeoutMs ?? opts.timeoutMs,
        headers: {
          'user-agent': USER_AGENT,
          accept:
            opts.contentTypes?.join(',') ?? 'text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1',
          'accept-encoding': 'gzip, deflate, br',
          ...opts.headers,
        },
      });
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location) {
        res.destroy();
        if (hop >= MAX_REDIRECTS)
          throw new UserError('too-many-redirects', `${rawUrl} redirects more than ${MAX_REDIRECTS} times`);
        url = checkUrl(new URL(location, url).toString(), opts.allowPrivate);
        continue;
      }
      if (status === 304 && opts.headers) {
        res.destroy();
        return { bytes: new Uint8Array(), contentType: null, url: url.toString(), notModified: true };
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new UserError('fetch-status', `${url} answered HTTP ${status}`);
      }
      const contentType = res.headers['content-type'] ?? null;
      const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
      if (mediaType && !(opts.contentTypes ?? ACCEPTED_TYPES).includes(mediaType)) {
        res.destroy();
        throw new UserError('unsupported-content-type', `${url} is ${mediaType}, not a web page or text`);
      }
      return {
        bytes: await readCapped(res, opts.maxBytes, url),
        contentType,
        url: url.toString(),
        etag: header(res, 'etag'),
        lastModified: header(res, 'last-modified'),
      };
    }
  } catch (err) {
    if (err instanceof AddressRefused) {
      const { host, address, reason } = err;
      opts.logger?.warn(
        { event: 'fetch-refused', host, address, reason },
        'refused to fetch a non-public address',
      );
    }
    if (err instanceof UserError) {
      throw err;
    }
    if (deadline.signal.aborted)
      throw new UserError('fetch-timeout', `${url} did not answer within ${opts.timeoutMs / 1000} s`);
    if (err instanceof ConnectTimeout)
      throw new UserError('fetch-timeout', `could not connect to ${url} within ${err.ms / 1000} s`);
    throw new UserError(
      'fetch-failed',
      `could not fetch ${url}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  } finally {
    clearTimeout(timer);
  }
}

class ConnectTimeout extends Error {
  constructor(readonly ms: number) {
    super(`connect timeout after ${ms} ms`);
  }
}

/** One GET over node:http(s), connecting only to the given (already checked) addresses. */
function request(
  url: URL,
  addresses: ResolvedAddress[],
  o: { signal: AbortSignal; connectTimeoutMs: number; headers: Record<string, string> },
): Promise<IncomingMessage> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const first = usable[0];
    if (!first) return callback(Object.assign(new Error('no checked address'), { code: 'ENOTFOUND' }), '', 0);
    if (options.all) return callback(null, usable);
    return callback(null, first.address, first.family);
  };
  return new Promise((resolve, reject) => {
    // agent: false, so no pooled socket to another address is ever reused.
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'GET', headers: o.headers, lookup, agent: false, signal: o.signal },
      resolve,
    );
    req.on('error', reject);
    req.on('socket', (socket) => {
      const t = setTimeout(() => req.destroy(new ConnectTimeout(o.connectTimeoutMs)), o.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(t));
      socket.once('close', () => clearTimeout(t));
    });
    req.end();
  });
}

/** The body, decompressed, refused as soon as it passes maxBytes (nothing more is read). */
async function readCapped(res: IncomingMessage, maxBytes: number, url: URL): Promise<Uint8Array> {
  const tooLarge = () =>
    new UserError('too-large', `${url} is larger than ${Math.round(maxBytes / 1024)} KB; not fetched`);
  const encoding = header(res, 'content-encoding')?.trim().toLowerCase() ?? 'identity';
  if (encoding === 'identity' && Number(res.headers['content-length']) > maxBytes) {
    res.destroy();
    throw tooLarge();
  }
  const body = decompress(res, encoding, url);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      // Counted after decompression, so a small gzip bomb is cut off like a large page.
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } finally {
    res.destroy();
    body.destroy();
  }
  return Buffer.concat(chunks);
}

function decompress(res: IncomingMessage, encoding: string, url: URL): Readable {
  const make =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip
      : encoding === 'deflate'
        ? zlib.createInflate
        : encoding === 'br'
          ? zlib.createBrotliDecompress
          : null;
  if (encoding === 'identity') return res;
  if (!make) {
    res.destroy();
    throw new UserError('fetch-failed', `${url} answered in an unsupported content encoding (${encoding})`);
  }
  // pipeline forwards a broken connection (or our abort) to the decompressor, ending the loop.
  return pipeline(res, make(), () => {});
}

function header(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
