import { loadRuleSet } from "@/lib/findings/rule-set";
import { ProgressLine } from "./progress";
import { storeFromArgs } from "./store-option";
import { stderrTerminal } from "./terminal";

const USAGE = `usage: auditlens findings recompute [--db FILE]
Computes the findings of every request in an Auditlens store again with the detection rules as they are
now configured (the built-in rules, AUDITLENS_RULES_DIR, AUDITLENS_RULES_DISABLE, AUDITLENS_TRUSTED_CIDRS,
AUDITLENS_TRUSTED_REGISTRIES): run it after changing rules. Ingest keeps findings current by itself.
A running server may stay up: the store is taken a few thousand requests at a time.`;

/** `auditlens findings recompute`: recomputes a store's findings and says how many hits it holds. */
export async function findingsCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action === "--help" || action === "-h") {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  if (action !== "recompute") {
    process.stderr.write(`${action === undefined ? "" : `unknown action "${action}"\n`}${USAGE}\n`);
    return 2;
  }
  const store = storeFromArgs(rest, USAGE);
  if (typeof store === "number") return store;
  const rules = loadRuleSet();
  // A broken rule file is left out, not fatal: the others still run, and the problem is said.
  for (const p of rules.problems) process.stderr.write(`rule problem: ${p.file}${p.line === null ? "" : `:${p.line}`}: ${p.message}\n`);
  const started = Date.now();
  const progress = new ProgressLine(process.stderr, stderrTerminal());
  const result = await store.maintenance.recomputeFindings(rules, ({ requests, total }) => progress.draw(`findings: ${requests} of ${total} requests`));
  await progress.end();
  const seconds = ((Date.now() - started) / 1000).toFixed(2);
  process.stdout.write(`recomputed findings of ${result.requests} requests with ${rules.rules.length} rules in ${seconds} s: ${result.hits} hits\n`);
  if (result.current) return 0;
  process.stderr.write("auditlens: requests evaluated with other rules were stored meanwhile: the findings are still a mix; recompute again\n");
  return 1;
}
