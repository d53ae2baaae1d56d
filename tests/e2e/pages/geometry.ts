import type { Locator } from "@playwright/test";

export type Box = { left: number; right: number; top: number; bottom: number };

/** Elements inside `root` (itself included) whose content is wider than their box: cut off, or spilling out. */
export async function clippedElements(root: Locator): Promise<string[]> {
  return root.evaluate((el) =>
    [el, ...Array.from(el.querySelectorAll("*"))]
      .filter((e) => e instanceof HTMLElement && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `<${e.tagName.toLowerCase()} class="${(e as HTMLElement).className}">${(e as HTMLElement).innerText}`),
  );
}

export async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`no box for ${locator.toString()}`);
  return { left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
}

/** How far `inner` reaches past `outer` on either side, in pixels (0 when it stays inside). */
export async function overflowPast(inner: Locator, outer: Locator): Promise<number> {
  const [i, o] = [await box(inner), await box(outer)];
  return Math.max(0, o.left - i.left, i.right - o.right);
}
