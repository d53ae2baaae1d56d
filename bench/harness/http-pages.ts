import type { QueryTiming } from "./query-suite";
import { timeRepeated } from "./timing";

async function fetchWhole(url: string): Promise<void> {
  const res = await fetch(url);
  // Read to the end: the page streams, and the render is only done when the last chunk is.
  await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
}

/** The real dashboard over HTTP, React render included: a cross-check of the in-process figures. */
export async function timeHttpPages(serverUrl: string, runs: number): Promise<QueryTiming[]> {
  const pages = [
    { id: "http.dashboard", label: "GET / (incl. React render)", path: "/" },
    { id: "http.stats", label: "GET /api/v1/stats", path: "/api/v1/stats" },
  ];
  const out: QueryTiming[] = [];
  for (const p of pages) out.push({ id: p.id, label: p.label, ...(await timeRepeated(() => fetchWhole(`${serverUrl}${p.path}`), runs)) });
  return out;
}
