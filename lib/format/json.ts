/** Pretty-prints a JSON document with two-space indents; text that is not JSON comes back unchanged. */
export function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}
