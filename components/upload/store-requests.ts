import { z } from "zod";

const summarySchema = z.object({ requests: z.number() });

/** The requests the store holds (as the caller may see them), or null when the server does not say. */
export async function storeRequests(): Promise<number | null> {
  try {
    const res = await fetch("/api/v1/summary", { cache: "no-store" });
    if (!res.ok) return null;
    const parsed = summarySchema.safeParse(await res.json());
    return parsed.success ? parsed.data.requests : null;
  } catch {
    return null;
  }
}
