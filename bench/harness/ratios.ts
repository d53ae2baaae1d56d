/** The derived figures the targets are stated in, kept pure so tests can check the arithmetic. */

/** Items per second; null when nothing was timed. */
export function perSecond(count: number, seconds: number): number | null {
  return seconds > 0 ? count / seconds : null;
}

/**
 * "Auditlens ingest + 10 dashboard questions vs jq answering the same 10 questions": jq re-reads the whole
 * file for every question, while Auditlens pays the ingest once and then answers each from the store.
 */
export function jqRatio10(jqSecondsPerQuestion: number, ingestSeconds: number, dashboardP50Seconds: number): number {
  const auditlens = ingestSeconds + 10 * dashboardP50Seconds;
  return (10 * jqSecondsPerQuestion) / auditlens;
}

/** The store's size relative to the raw log it came from. */
export function storeRatio(storeBytes: number, rawBytes: number): number {
  return storeBytes / rawBytes;
}
