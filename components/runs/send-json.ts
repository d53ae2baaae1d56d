/** Sends a JSON body to the API and returns its JSON answer; a refusal throws with the server's reason. */
export async function sendJson<T>(method: "POST" | "DELETE", url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(answer.error ?? `the server answered ${res.status}`);
  return answer;
}
