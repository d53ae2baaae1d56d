/** The actor view of one username, in one cluster. */
export function actorHref(user: string, cluster?: string): string {
  const path = `/actors/${encodeURIComponent(user)}`;
  return cluster ? `${path}?${new URLSearchParams({ cluster }).toString()}` : path;
}
