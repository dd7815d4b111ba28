/** Query parameters that only track the click, never select the page. */
const TRACKING_PARAMS = new Set(['fbclid', 'gclid', 'ref', 'msclkid', 'mc_cid', 'mc_eid', 'igshid']);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}

/**
 * One spelling per page, for dedupe: tracking parameters (utm_*, fbclid, gclid, ref, …) and the
 * fragment removed, scheme and host lower-cased, default port dropped, a trailing slash removed
 * from any path but the root. Other parameters keep their order. Text that is not a URL comes
 * back trimmed.
 */
export function canonicalizeUrl(url: string): string {
  const trimmed = url.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return trimmed;
  }
  u.hash = '';
  // Filter the raw pairs rather than through searchParams, which would re-encode the rest.
  const kept = u.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTracking(paramName(pair)));
  u.search = kept.length > 0 ? `?${kept.join('&')}` : '';
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.replace(/\/+$/, '') || '/';
  return u.href;
}

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}
