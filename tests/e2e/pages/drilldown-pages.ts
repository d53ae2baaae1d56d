import { expect, type APIRequestContext, type Page } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { dragAcrossChart } from "./drag-chart";

/** Uploads files into one cluster through the ingest API, so this spec's counts are its own. */
export async function ingestInto(request: APIRequestContext, cluster: string, files: string[]): Promise<void> {
  for (const file of files) {
    const res = await request.post(`/api/v1/ingest?cluster=${encodeURIComponent(cluster)}&filename=${encodeURIComponent(path.basename(file))}`, {
      data: fs.readFileSync(file),
    });
    expect(res.ok(), `ingest ${file}: ${res.status()}`).toBe(true);
  }
}

/** The id of the newest request a dashboard query matches, found through the JSON API. */
export async function findRequestId(request: APIRequestContext, search: Record<string, string>): Promise<number> {
  const res = await request.get(`/api/v1/requests?${new URLSearchParams({ ...search, limit: "1" }).toString()}`);
  expect(res.ok()).toBe(true);
  const body = (await res.json()) as { items: { id: number }[] };
  expect(body.items.length, `a request matching ${JSON.stringify(search)}`).toBeGreaterThan(0);
  return body.items[0]!.id;
}

export function requestPage(page: Page) {
  return {
    async open(id: number) {
      await page.goto(`/requests/${id}`);
    },
    sentence: () => page.getByTestId("request-sentence"),
    actorLink: () => page.getByTestId("request-sentence").getByTestId("actor-link").first(),
    historyLink: () => page.getByTestId("history-link"),
    related: () => page.getByTestId("related-requests").getByRole("listitem"),
    bindingLink: () => page.getByTestId("why-binding"),
    roleLink: () => page.getByTestId("why-role"),
    stageEvent: (stage: string) => page.getByTestId("stage-event").filter({ has: page.getByText(stage, { exact: true }) }),
  };
}

export function historyPage(page: Page) {
  return {
    async open(params: Record<string, string>) {
      await page.goto(`/objects?${new URLSearchParams(params).toString()}`);
    },
    entries: () => page.getByTestId("history-entry"),
    diffRows: () => page.getByTestId("diff-row"),
    title: () => page.getByTestId("history-title"),
  };
}

export function actorPage(page: Page) {
  return {
    name: () => page.getByTestId("actor-name"),
    sessions: () => page.getByTestId("session"),
    total: async () => Number((await page.getByTestId("actor-total").innerText()).replace(/[^\d]/g, "")),
    /** Drags across the actor's timeline from one fraction of its plot width to another. */
    async dragTimeline(fromFraction: number, toFraction: number) {
      await dragAcrossChart(page, page.getByTestId("actor-timeline"), fromFraction, toFraction);
    },
  };
}
