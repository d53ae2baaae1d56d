import { expect, type Page } from "@playwright/test";

/** The dashboard's query-language search box. */
export function searchBox(page: Page) {
  const input = page.getByTestId("search-input");
  return {
    input,
    suggestions: page.getByTestId("search-suggestions").getByRole("option"),
    error: page.getByTestId("search-error"),
    /** Types a query (replacing what is there) and submits it with Enter; waits for the URL to carry it. */
    async search(q: string) {
      await input.fill(q);
      await input.press("Enter"); // no suggestion is highlighted until an arrow key picks one, so Enter submits
      await expect(page).toHaveURL((url) => url.searchParams.get("q") === q);
    },
    async total(): Promise<number> {
      return Number((await page.getByTestId("total").innerText()).replace(/[^\d]/g, ""));
    },
  };
}
