/**
 * What requests_fts indexes for a request (user agents are indexed once each, in user_agent_fts).
 *
 * The name is left out when it is a whole segment of the URI's path, as it is for every request on a
 * named object (…/pods/web-1, …/pods/web-1/log): the URI column then holds the same words in the same
 * order, so every phrase of the name still matches the request, and the words are stored once. Object
 * history looks a name up in both columns for that reason.
 */
export type FreeText = { uri: string; name: string | null; message: string | null };

export function indexedName(uri: string, name: string | null): string | null {
  if (name === null) return null;
  const query = uri.indexOf("?");
  const path = query === -1 ? uri : uri.slice(0, query);
  return path.split("/").includes(name) ? null : name;
}

export function sameText(a: FreeText, b: FreeText): boolean {
  return a.uri === b.uri && a.name === b.name && a.message === b.message;
}
