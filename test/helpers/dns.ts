import type { ResolvedAddress, Resolver } from '../../src/ingest/fetch.ts';

/** A public address (example.com's) that test names resolve to; nock answers before any connection. */
export const PUBLIC_IP = '93.184.215.14';

/** DNS without the network: the named hosts get the given addresses, any other name PUBLIC_IP. */
export function fakeResolver(names: Record<string, string | string[]> = {}): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const found = names[hostname] ?? PUBLIC_IP;
    return (Array.isArray(found) ? found : [found]).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));
  };
  return Object.assign(resolve, { calls });
}
