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
    async summaries(): Promise<ShownSummary[]> {
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
