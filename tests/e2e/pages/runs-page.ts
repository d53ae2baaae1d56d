import type { Page } from "@playwright/test";

const count = (text: string) => Number(text.replace(/[^\d]/g, ""));

/** The runs page: the store's panel and the runs table, with the admin's delete buttons. */
export function runsPage(page: Page) {
  return {
    async open() {
      await page.goto("/runs");
    },
    async storeCounts(): Promise<{ requests: number; events: number }> {
      return {
        requests: count(await page.getByTestId("store-requests").innerText()),
        events: count(await page.getByTestId("store-events").innerText()),
      };
    },
    rows(hasText: string) {
      return page.getByTestId("run-row").filter({ hasText });
    },
    /** Clicks the row's Delete; the confirmation opens. */
    async askToDelete(hasText: string) {
      await page.getByTestId("run-row").filter({ hasText }).getByRole("button", { name: "Delete" }).click();
    },
    async confirmDelete() {
      await page.getByRole("dialog", { name: /Delete run \d+\?/ }).getByRole("button", { name: "Delete" }).click();
    },
  };
}
