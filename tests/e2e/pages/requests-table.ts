import { expect, type Download, type Page } from "@playwright/test";

/** The dashboard's requests table: its sort and column controls, its rows, and the export menu. */
export function requestsTable(page: Page) {
  const table = page.getByTestId("requests-table");
  return {
    table,
    rows: () => page.getByTestId("request-row"),
    headers: async (): Promise<string[]> => (await table.locator("thead th").allTextContents()).map((t) => t.replace(/[↓\s]+$/, "").trim()),
    async chooseColumn(label: string) {
      await page.getByTestId("column-chooser").locator("summary").click();
      await page.getByRole("menuitemcheckbox", { name: label }).click();
    },
    async sortByLatencyHeader() {
      await table.locator('thead th[data-column="latency"] a').click();
    },
    /** The exact latency of a row, in ms, from the cell's title; null when unknown. */
    async latencyOf(row: number): Promise<number | null> {
      const cell = this.rows().nth(row).locator('td[data-column="latency"] [title]');
      if ((await cell.getAttribute("data-testid")) === "latency-unknown") return null;
      const title = await cell.getAttribute("title");
      return title === null ? null : Number(title.replace(/ ms$/, ""));
    },
    async exportAs(format: "jsonl" | "csv"): Promise<Download> {
      await page.getByTestId("export-menu").locator("summary").click();
      const download = page.waitForEvent("download");
      await page.getByTestId(`export-${format}`).click();
      return download;
    },
    async expectSort(sort: "time" | "latency") {
      await expect(table).toHaveAttribute("data-sort", sort);
    },
  };
}
