// Next.js calls register() once when a server starts: the sign-in and operations configuration are
// checked, live sources and the retention schedule begin and the shutdown handler is installed there,
// not on the first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkAccessConfiguration } = await import("./lib/auth/startup");
  checkAccessConfiguration();
  const { checkOpsConfiguration } = await import("./lib/ops/config");
  checkOpsConfiguration();
  const { startLiveSources } = await import("./lib/ingest/live-sources");
  startLiveSources();
  const { startRetention } = await import("./lib/retention/scheduler");
  startRetention();
  const { handleTermination } = await import("./lib/ops/shutdown");
  handleTermination();
}
