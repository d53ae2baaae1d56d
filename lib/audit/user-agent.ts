/**
 * A store holds a few hundred distinct agents, and detection rules ask for each request's agent once
 * per value of every `ua:` term (~30 for the scanner rule): remembered, not parsed again.
 */
const MEMO_SIZE = 10_000;
const normalized = new Map<string, string>();

/**
 * A user agent as people name the tool: `kubectl/v1.30.3 (linux/amd64) kubernetes/6fc0a69` → `kubectl 1.30.3`,
 * `kube-controller-manager/v1.30.3 (…)/leader-election` → `kube-controller-manager 1.30.3`. Anything that
 * does not look like `name/version` is returned trimmed as it is.
 */
export function normalizeUserAgent(ua: string | null | undefined): string | null {
  if (!ua) return null;
  let name = normalized.get(ua);
  if (name === undefined) {
    const m = /^([^\s/]+)\/v?(\d+(?:\.\d+){0,2})/.exec(ua.trim());
    name = m ? `${m[1]} ${m[2]}` : ua.trim().slice(0, 80);
    if (normalized.size >= MEMO_SIZE) normalized.clear();
    normalized.set(ua, name);
  }
  return name;
}

