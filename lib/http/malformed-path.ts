/**
 * True when a path's percent-encoding does not decode (`/actors/%FF`, `/actors/%`): Next 16 fails to
 * decode such a dynamic segment and answers a bare 500, so the proxy turns it away with a 400 first.
 */
export function isMalformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}
