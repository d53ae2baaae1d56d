import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { ACCESS_TOKEN, SIGNED_IN_URL } from "../../support/e2e-signed-in";

/** Signs in through the login page, as a person does, and waits for the page it returns to. */
export async function signIn(page: Page, user: { username: string; password: string }, path = "/") {
  await page.goto(`${SIGNED_IN_URL}${path}`);
  await expect(page).toHaveURL(/\/login\?next=/);
  const form = page.getByRole("form", { name: "Sign in with a password" });
  await form.getByLabel("Username").fill(user.username);
  await form.getByLabel("Password").fill(user.password);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-user")).toContainText(user.username);
}

/** Uploads through the API with the shared access token (an admin). */
export async function ingestAsAdmin(request: APIRequestContext, cluster: string, data: string) {
  const res = await request.post(`${SIGNED_IN_URL}/api/v1/ingest?cluster=${encodeURIComponent(cluster)}&filename=scoped.log`, {
    data: Buffer.from(data),
    headers: { authorization: `Bearer ${ACCESS_TOKEN}`, "content-type": "application/octet-stream" },
  });
  expect(res.status(), await res.text()).toBe(200);
}

export const asAdmin = { authorization: `Bearer ${ACCESS_TOKEN}` };
