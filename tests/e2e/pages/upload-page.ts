import { expect, type Page } from "@playwright/test";

export type ShownSummary = { events: number; added: number; duplicates: number; invalid: number; requests: number };

/** The upload page: pick files, wait for each file's run summary. */
export function uploadPage(page: Page) {
  return {
    async open() {
      await page.goto("/upload");
    },
    async setCluster(name: string) {
      await page.getByLabel(/cluster/i).fill(name);
    },
    async upload(files: string[]) {
      await page.getByTestId("file-input").setInputFiles(files);
      await expect(page.getByTestId("run-summary")).toHaveCount(files.length, { timeout: 60_000 });
    },
    /** Unfolds the per-file cards, folded behind the batch summary when there are many. */
    async showFiles() {
      const folded = page.getByTestId("upload-files");
      if ((await folded.count()) > 0 && !(await folded.evaluate((d) => (d as HTMLDetailsElement).open))) await folded.locator("summary").click();
    },
    /** The batch summary's figures, by name (files, events, added, duplicates, invalid, gained). */
    async batch(): Promise<Record<string, number>> {
      const out: Record<string, number> = {};
      for (const key of ["files", "events", "added", "duplicates", "invalid", "gained"]) {
        out[key] = Number((await page.getByTestId(`batch-${key}`).innerText()).replace(/[^\d]/g, ""));
      }
      return out;
    },
    async summaries(): Promise<ShownSummary[]> {
      await this.showFiles();
      const blocks = page.getByTestId("run-summary");
      const out: ShownSummary[] = [];
      for (let i = 0; i < (await blocks.count()); i++) {
        const block = blocks.nth(i);
        const field = async (name: string) => Number((await block.getByTestId(`summary-${name}`).innerText()).replace(/[^\d]/g, ""));
        out.push({
          events: await field("events"),
          added: await field("added"),
          duplicates: await field("duplicates"),
          invalid: await field("invalid"),
          requests: await field("requests"),
        });
      }
      return out;
    },
  };
}

export function dashboard(page: Page) {
  return {
    async total(): Promise<number> {
      return Number((await page.getByTestId("total").innerText()).replace(/[^\d]/g, ""));
    },
  };
}
