import type { Locator, Page } from "@playwright/test";

/** Drags across a recharts plot from one fraction of its width to another, as a person zooming would. */
export async function dragAcrossChart(page: Page, chart: Locator, fromFraction: number, toFraction: number): Promise<void> {
  const box = (await chart.locator(".recharts-cartesian-grid").boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fromFraction, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((fromFraction + toFraction) / 2), y, { steps: 5 });
  await page.mouse.move(box.x + box.width * toFraction, y, { steps: 5 });
  await page.mouse.up();
}
