#!/usr/bin/env node
// `npm test`: unit + conformance (Vitest), then a production build and the browser tests (Playwright).
// Ends with one line totalling every suite: "N passed, N failed[, N skipped]".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Nothing we ship, test runs included, reports to Next.js's telemetry.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const out = fs.mkdtempSync(path.join(os.tmpdir(), "auditlens-test-"));
const bin = (pkg, file) => path.join(root, "node_modules", pkg, file);
const run = (args, env = {}) =>
  spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } }).status ?? 1;
const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
};

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

const vitestJson = path.join(out, "vitest.json");
const vitestStatus = run([bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
  totals.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
}
if (!vitest || (vitestStatus !== 0 && vitest.numFailedTests === 0)) broken = true;

const buildStatus = run([bin("next", "dist/bin/next"), "build"]);
if (buildStatus !== 0) {
  console.error("next build failed: the browser tests cannot run");
  broken = true;
} else {
  const pwJson = path.join(out, "playwright.json");
  const pwStatus = run([bin("@playwright/test", "cli.js"), "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  const pw = readJson(pwJson);
  if (pw?.stats) {
    totals.passed += pw.stats.expected + pw.stats.flaky;
    totals.failed += pw.stats.unexpected;
    totals.skipped += pw.stats.skipped;
  }
  if (!pw?.stats || (pwStatus !== 0 && pw.stats.unexpected === 0)) broken = true;
}

fs.rmSync(out, { recursive: true, force: true });
if (broken) totals.failed = Math.max(totals.failed, 1);
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : "";
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
