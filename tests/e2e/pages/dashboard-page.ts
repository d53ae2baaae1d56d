import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { dragAcrossChart } from "./drag-chart";

/** Uploads a log into its own cluster through the ingest API, so a spec's counts ignore other specs' data. */
export async function ingest(request: APIRequestContext, cluster: string, filename: string, data: Buffer | string): Promise<{ requests: number }> {
  const res = await request.post(`/api/v1/ingest?cluster=${encodeURIComponent(cluster)}&filename=${encodeURIComponent(filename)}`, { data });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as { requests: number };
}

/** The dashboard: total, breakdowns, timeline, time range and noise toggle. */
export function dashboardPage(page: Page) {
  const totalLocator = (): Locator => page.getByTestId("total");
  const facet = (dimension: string): Locator => page.getByTestId(`facet-${dimension}`);
  const entry = (dimension: string, value: string): Locator => facet(dimension).locator(`[data-testid="facet-entry"][data-value="${value}"]`);
  /** The "(none)" entry: requests without the field. */
  const absentEntry = (dimension: string): Locator => facet(dimension).locator('[data-testid="facet-entry"][data-absent="true"]');

  return {
    totalLocator,
    facet,
    entry,
    absentEntry,
    async open(search = "") {
      await page.goto(search ? `/?${search}` : "/");
      await expect(totalLocator()).toBeVisible();
    },
    async total(): Promise<number> {
      return Number((await totalLocator().innerText()).replace(/[^\d]/g, ""));
    },
    /** Waits for the page to show `n` (navigation is client-side, so the old total shows until then). */
    async expectTotal(n: number) {
      await expect(totalLocator()).toHaveText(new Intl.NumberFormat("en-US").format(n));
    },
    async facetValues(dimension: string): Promise<string[]> {
      return facet(dimension).getByTestId("facet-entry").evaluateAll((els) => els.map((e) => e.getAttribute("data-value") ?? ""));
    },
    async facetCount(dimension: string, value: string): Promise<number> {
      const text = await entry(dimension, value).locator("span.tabular").innerText();
      return Number(text.replace(/[^\d]/g, ""));
    },
    async clickFacet(dimension: string, value: string) {
      await entry(dimension, value).getByTestId("facet-include").click();
    },
    async excludeFacet(dimension: string, value: string) {
      const row = entry(dimension, value);
      await row.hover();
      await row.getByTestId("facet-exclude").click();
    },
    /** Drags across the timeline from one fraction of its plot width to another. */
    async dragTimeline(fromFraction: number, toFraction: number) {
      await dragAcrossChart(page, page.getByTestId("timeline-chart"), fromFraction, toFraction);
    },
    async preset(range: "15m" | "1h" | "24h" | "7d" | "all") {
      await page.getByTestId(`range-${range}`).click();
    },
    noiseToggle: (): Locator => page.getByTestId("noise-toggle"),
  };
}
