import { z } from "zod";

/** The ingest endpoint's answer, checked before it is shown: the server is a boundary like any other. */
export const runSummarySchema = z.object({
  runId: z.number(),
  events: z.number(),
  added: z.number(),
  duplicates: z.number(),
  invalid: z.number(),
  requests: z.number(),
  errors: z.array(z.object({ line: z.number(), reason: z.string() })),
  /** Set when the file held no audit event at all: its likely cause. */
  warning: z.string().nullable().optional(),
});
export type UploadSummary = z.infer<typeof runSummarySchema>;

const errorBodySchema = z.object({ error: z.string() });

export type UploadResult = { ok: true; summary: UploadSummary } | { ok: false; error: string };

export function parseIngestResponse(status: number, body: string): UploadResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: status >= 200 && status < 300 ? "The server sent an unreadable answer" : `HTTP ${status}` };
  }
  if (status >= 200 && status < 300) {
    const summary = runSummarySchema.safeParse(json);
    return summary.success ? { ok: true, summary: summary.data } : { ok: false, error: "The server sent an unexpected answer" };
  }
  const err = errorBodySchema.safeParse(json);
  return { ok: false, error: err.success ? err.data.error : `HTTP ${status}` };
}
