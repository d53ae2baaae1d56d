import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { searchBox } from "./pages/search-box";

const FIXTURE = path.resolve(__dirname, "../fixtures/kubectl-session.log");
// Our own cluster: other specs share the store and must not change these counts.
const CLUSTER = "p1-query";
const HOME = `/?cluster=${CLUSTER}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const res = await request.post(`/api/v1/ingest?cluster=${CLUSTER}&filename=kubectl-session.log`, { data: fs.readFileSync(FIXTURE) });
  expect(res.ok()).toBe(true);
  expect(await res.json()).toMatchObject({ requests: 24 });
});

test("the query language filters as typed: Enter puts q in the URL, the total follows, reload keeps it", async ({ page }) => {
  await page.goto(HOME);
  const box = searchBox(page);
  expect(await box.total()).toBe(24);

  for (const [q, total] of [
    ["verb:delete", 3],
    ["-user:system:*", 8],
    ["code:>=400", 6],
    ["missing", 2], // free text: URI, name and message of the two configmaps/missing requests
    ["kubectl", 8], // free text in the user agent: the person's requests, not the controller's
    ["ip:192.168.0.0/16 resource:pods", 6],
    ["user:alice verb:delete OR code:404", 3],
  ] as const) {
    await box.search(q);
    await expect(page).toHaveURL((url) => url.searchParams.get("cluster") === CLUSTER && !url.searchParams.has("cursor"));
    await expect.poll(() => box.total(), { message: q }).toBe(total);
  }

  await page.reload();
  await expect(box.input).toHaveValue("user:alice verb:delete OR code:404");
  expect(await box.total()).toBe(3);
  await page.goBack();
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === "ip:192.168.0.0/16 resource:pods");
  // Back after a reload makes the router fetch the page again; while it does, the old page can briefly
  // sit in the DOM beside the new one. What counts is where it settles: one box, with the older query.
  await expect.poll(() => box.input.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(["ip:192.168.0.0/16 resource:pods"]);
  await expect.poll(() => box.total()).toBe(6);
});

test("autocomplete: field names, then values with counts; arrows and Tab/Enter accept", async ({ page }) => {
  await page.goto(HOME);
  const box = searchBox(page);
  await box.input.click();
  await box.input.press("ArrowDown"); // an empty word: every field, with a hint
  await expect(box.suggestions.filter({ hasText: "usergroup:" })).toContainText("any of the user's groups");
  await box.input.pressSequentially("ver");
  await expect(box.suggestions.first()).toContainText("verb:");
  await box.input.press("Tab");
  await expect(box.input).toHaveValue("verb:");

  await box.input.pressSequentially("del");
  const option = box.suggestions.filter({ hasText: "delete" });
  await expect(option).toHaveCount(1);
  await expect(option).toContainText("3");
  await box.input.press("ArrowDown");
  await box.input.press("Enter");
  await expect(box.input).toHaveValue("verb:delete ");
  await box.input.press("Enter");
  await expect(page).toHaveURL((url) => url.searchParams.get("q") === "verb:delete");
  await expect.poll(() => box.total()).toBe(3);
});

test("a syntax error shows inline with its message and position, and the API answers 400", async ({ page, request }) => {
  await page.goto(HOME);
  const box = searchBox(page);
  await box.search("verb:get usr:alice");
  await expect(box.error).toContainText('Unknown field "usr": did you mean "user"?');
  await expect(box.error).toHaveAttribute("data-position", "9");
  await expect(box.input).toHaveAttribute("aria-invalid", "true");
  expect(await box.total()).toBe(0);

  await box.search('name:"unterminated');
  await expect(box.error).toContainText("Unterminated quote");
  await expect(box.error).toHaveAttribute("data-position", "5");

  const res = await request.get(`/api/v1/requests?cluster=${CLUSTER}&q=${encodeURIComponent("code:>=abc")}`);
  expect(res.status()).toBe(400);
  expect(await res.json()).toEqual({ error: 'code takes a status code such as 404, 4xx or >=400, not "abc"', position: 7, parameter: "q" });
});

test("/ focuses the search box and Esc clears the query", async ({ page }) => {
  await page.goto(`${HOME}&q=verb%3Adelete`);
  const box = searchBox(page);
  expect(await box.total()).toBe(3);
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await expect(box.input).not.toBeFocused();
  // The shortcut is listened for once the page has hydrated: on a slow machine the first press can come
  // before that, so press until it takes (a press before hydration does nothing at all).
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(box.input).toBeFocused({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await expect(box.input).toHaveValue("verb:delete"); // the slash focuses; it is not typed

  await page.keyboard.press("Escape");
  await expect(box.input).toHaveValue("");
  await expect(page).toHaveURL((url) => !url.searchParams.has("q") && url.searchParams.get("cluster") === CLUSTER);
  await expect.poll(() => box.total()).toBe(24);
});

test("auditid: finds a request by the auditID it was logged with, and its page shows that ID", async ({ page }) => {
  // The fixture's auditIDs are UUIDs, which the store keeps in 16 bytes: the search and the page read them back.
  const id = "5f0c2a4e-0000-4000-9000-000000000001";
  await page.goto(`${HOME}&q=${encodeURIComponent(`auditid:${id}`)}`);
  const box = searchBox(page);
  await expect.poll(() => box.total()).toBe(1);
  await page.getByTestId("request-row").first().locator('td[data-column="verb"] a').click();
  await expect(page).toHaveURL(/\/requests\/\d+$/);
  await expect(page.getByTestId("detail-audit-id")).toContainText(id);
  await page.goto(`${HOME}&q=${encodeURIComponent("auditid:5f0c2a4e-*")}`);
  await expect.poll(() => box.total()).toBe(24);
});

test("suggest API: top values of a field among the filtered requests", async ({ request }) => {
  const res = await request.get(`/api/v1/suggest?field=user&prefix=al&cluster=${CLUSTER}`);
  expect(await res.json()).toEqual({ field: "user", values: [{ value: "alice", count: expect.any(Number) }] });
  const bad = await request.get(`/api/v1/suggest?field=nope`);
  expect(bad.status()).toBe(400);
});
