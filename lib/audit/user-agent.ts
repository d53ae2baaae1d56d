/**
 * A user agent as people name the tool: `kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69` → `kubectl 1.30.3`,
 * `kube-controller-manager/v1.30.3 (…)/leader-election` → `kube-controller-manager 1.30.3`. Anything that
 * does not look like `name/version` is returned trimmed as it is.
 */
export function normalizeUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null;
  const m = /^([^\s/]+)\/v?(\d+(?:\.\d+){0,2})/.exec(ua.trim());
  if (!m) return ua.trim().slice(0, 80);
  return `${m[1]} ${m[2]}`;
}
