// Next.js calls register() once when a server starts: the sign-in configuration is checked, and live
// sources and the retention schedule begin there, not on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkAccessConfiguration } = await import("./lib/auth/startup");
  checkAccessConfiguration();
  const { startLiveSources } = await import("./lib/ingest/live-sources");
  startLiveSources();
  const { startRetention } = await import("./lib/retention/scheduler");
  startRetention();
}
