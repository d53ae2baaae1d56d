import { expect, test } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";

/**
 * The production build the browser tests run on lists, per route, the files its server code reads
 * (`*.nft.json`). A dynamic path in server code (a folder from the environment joined with a name) makes
 * Turbopack trace the whole project instead: every route then lists the tests, the bench's logs and any
 * store lying in the checkout, and `next build` reads them all (a 19 GB bench log took it past 24 GB of
 * memory). Such a path takes Turbopack's ignore comment, as defaultDbPath's does (lib/store/sqlite/db.ts).
 */
test("the build traces no route into the tests, the bench or a store", () => {
  const dist = path.resolve(process.env.NEXT_DIST_DIR || ".next");
  const traces = fs.readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".nft.json"));
  expect(traces.length).toBeGreaterThan(10);
  const stray: string[] = [];
  for (const trace of traces) {
    const file = path.join(dist, trace);
    const { files } = JSON.parse(fs.readFileSync(file, "utf8")) as { files: string[] };
    for (const f of files) {
      const relative = path.relative(process.cwd(), path.resolve(path.dirname(file), f));
      if (/^(tests|bench|data)\//.test(relative) || relative.endsWith(".db")) stray.push(`${trace}: ${relative}`);
    }
  }
  expect(stray.slice(0, 5)).toEqual([]);
});
