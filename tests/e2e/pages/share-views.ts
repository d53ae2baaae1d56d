import fs from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

const FIXTURE = path.resolve(__dirname, "../../fixtures/kubectl-session.log");

/** Uploads the kubectl-session fixture (24 requests) into `cluster` through the API, as a script would. */
export async function ingestFixture(request: APIRequestContext, cluster: string): Promise<void> {
  const res = await request.post(`/api/v1/ingest?cluster=${encodeURIComponent(cluster)}&filename=kubectl-session.log`, {
    data: fs.readFileSync(FIXTURE),
  });
  expect(res.ok()).toBe(true);
}

/** The saved-views sidebar and the share toolbar of an explorer page. */
export function sharePage(page: Page) {
  const sidebar = page.getByTestId("saved-views-sidebar");
  return {
    sidebar,
    async total(): Promise<number> {
      return Number((await page.getByTestId("total").innerText()).replace(/[^\d]/g, ""));
    },
    async saveFromSidebar(name: string) {
      await sidebar.getByTestId("save-current-view").click();
      const form = sidebar.getByTestId("save-view-form");
      await form.getByLabel("View name").fill(name);
      await form.getByRole("button", { name: "Save view" }).click();
      await expect(sidebar.getByTestId("view-saved")).toBeVisible();
    },
    savedView(name: string) {
      return sidebar.getByTestId("saved-view").filter({ hasText: name });
    },
    async shortLink(name: string): Promise<string> {
      const href = await this.savedView(name).getByRole("link").getAttribute("href");
      expect(href).toMatch(/^\/v\/[A-Za-z0-9_-]{8}$/);
      return href!;
    },
    async deleteView(name: string) {
      const item = this.savedView(name);
      await item.hover();
      await item.getByRole("button", { name: `Delete view ${name}` }).click();
      await item.getByRole("button", { name: "Delete", exact: true }).click();
      await expect(item).toHaveCount(0);
    },
  };
}

/** Search params as a sorted list, to compare two URLs' views whatever their order. */
export function paramsOf(url: string): [string, string][] {
  return [...new URL(url).searchParams].sort(([a], [b]) => a.localeCompare(b));
}
