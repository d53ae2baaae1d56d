import { defineConfig, devices } from "@playwright/test";
import fs from "node:fs";
import { E2E_PORT as PORT } from "./tests/support/e2e-env";
import { SIGNED_IN_PORT } from "./tests/support/e2e-signed-in";

// No browser can be downloaded on our machines: use Debian's Chromium when it is there.
const executablePath = process.env.PLAYWRIGHT_CHROMIUM ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "tests/e2e",
  forbidOnly: !!process.env.CI,
  // One retry: on the 2-core CI machine a browser test has failed once in ~40 runs on timing alone
  // (the query-language autocomplete, 6.7 s where it takes 2). A retried pass is reported as flaky, and
  // a test that fails twice still fails the run.
  retries: 1,
  workers: 1,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          executablePath,
          args: executablePath
            ? ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
            : [],
        },
      },
    },
  ],
  webServer: [
    {
      // A fresh store for every run: the tests count what they upload. No sign-in (loopback only).
      command: `node scripts/e2e-server.mjs ${PORT}`,
      url: `http://127.0.0.1:${PORT}/api/v1/summary`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // The same build with sign-in on (tests/support/e2e-signed-in.ts), for the access tests.
      command: `node scripts/e2e-server.mjs ${SIGNED_IN_PORT} --signed-in`,
      url: `http://127.0.0.1:${SIGNED_IN_PORT}/login`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
