// Next.js calls register() once when a server starts: live sources and the retention schedule begin there, not on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startLiveSources } = await import("./lib/ingest/live-sources");
  startLiveSources();
  const { startRetention } = await import("./lib/retention/scheduler");
  startRetention();
}
