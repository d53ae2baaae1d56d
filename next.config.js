/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Lets several builds of one checkout coexist (parallel test runs); the default is .next.
  distDir: process.env.NEXT_DIST_DIR || ".next",
};

module.exports = nextConfig;
