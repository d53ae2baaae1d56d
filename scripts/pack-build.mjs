#!/usr/bin/env node
// `npm pack`'s prepack (and the container's build): a self-contained production build in dist/, so the
// installed package serves without `next build` and without the dev dependencies.
//   dist/standalone/  Next.js's standalone output (server.js, the traced node_modules, static files)
//   dist/cli/         the CLI's esbuild bundle
// better-sqlite3 is the one runtime dependency the package declares: its native binding is built for the
// platform and Node.js version it is installed on, so the copy Next.js traced (built for this machine) is
// dropped and the build loads the installed one.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { bundleCli } from "./cli-bundle.mjs";
import { cliDir, distDir, root, standaloneDir } from "./package-layout.mjs";

// Its own build folder: a clone's `.next` (what `npm start` serves) is left as it is.
const BUILD_DIR = ".next-pack";
const build = path.join(root, BUILD_DIR);
const next = path.join(root, "node_modules", "next", "dist", "bin", "next");

// next build rewrites tsconfig.json's "include" for any build folder other than .next; put it back.
const tsconfig = path.join(root, "tsconfig.json");
const tsconfigText = fs.readFileSync(tsconfig, "utf8");
const status = spawnSync(process.execPath, [next, "build"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, AUDITLENS_STANDALONE: "1", NEXT_DIST_DIR: BUILD_DIR, NEXT_TELEMETRY_DISABLED: "1" },
}).status;
fs.writeFileSync(tsconfig, tsconfigText);
if (status !== 0) process.exit(status ?? 1);

fs.rmSync(distDir, { recursive: true, force: true });
fs.cpSync(path.join(build, "standalone"), standaloneDir, { recursive: true, verbatimSymlinks: true });
// Next.js leaves the browser's files out of the standalone output; server.js serves them from here.
fs.cpSync(path.join(build, "static"), path.join(standaloneDir, BUILD_DIR, "static"), { recursive: true });
fs.cpSync(path.join(root, "public"), path.join(standaloneDir, "public"), { recursive: true });

const modules = path.join(standaloneDir, "node_modules");
// better-sqlite3 and its loader's packages come from the install (above); sharp (next/image, unused here)
// would ship this machine's libvips.
for (const name of ["better-sqlite3", "bindings", "file-uri-to-path", "sharp", "@img"]) {
  fs.rmSync(path.join(modules, name), { recursive: true, force: true });
}
// The server's chunks require externals by a hashed alias, a symlink into the traced node_modules; npm
// packs no symlinks. Each becomes a package that hands over the installed module.
const aliases = path.join(standaloneDir, BUILD_DIR, "node_modules");
for (const alias of fs.existsSync(aliases) ? fs.readdirSync(aliases) : []) {
  const link = path.join(aliases, alias);
  if (!fs.lstatSync(link).isSymbolicLink()) continue;
  const target = path.basename(fs.readlinkSync(link));
  fs.rmSync(link);
  fs.mkdirSync(link);
  fs.writeFileSync(path.join(link, "package.json"), `${JSON.stringify({ name: alias, private: true, main: "index.js" }, null, 2)}\n`);
  fs.writeFileSync(path.join(link, "index.js"), `module.exports = require(${JSON.stringify(target)});\n`);
}

await bundleCli(cliDir);
console.log(`packed build in ${path.relative(root, distDir)}/`);
