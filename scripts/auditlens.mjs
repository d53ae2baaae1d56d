#!/usr/bin/env node
// The `auditlens` CLI (lib/cli): runs its esbuild bundle in this process (see cli-bundle.mjs).
import { cliEntry } from "./cli-bundle.mjs";

await import(await cliEntry());
