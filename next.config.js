/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // The packed package and the container image serve a self-contained build (scripts/pack-build.mjs):
  // server.js with only the node_modules it traces, so they need no `next build` and no dev dependencies.
  // A clone's `npm start` keeps `next start`, which refuses to serve a standalone build without a warning.
  ...(process.env.AUDITLENS_STANDALONE === "1" ? { output: "standalone", outputFileTracingRoot: __dirname } : {}),
  // Lets several builds of one checkout coexist (parallel test runs); the default is .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // forbidden(): a signed-in user whose role does not allow a page gets a 403 page (lib/auth/page-access.ts).
  experimental: { authInterrupts: true },
  // Pages and API answers get their headers from proxy.ts; the build's static files, which it skips, get these.
  async headers() {
    return [
      {
        source: "/_next/static/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
