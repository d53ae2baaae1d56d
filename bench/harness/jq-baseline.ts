import { spawnSync } from "node:child_process";
import { describeFailure, runTimed } from "./spawn";

export function findJq(): string | null {
  const which = spawnSync("sh", ["-c", "command -v jq"], { encoding: "utf8" });
  const found = which.stdout.trim();
  return which.status === 0 && found ? found : null;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export type JqBaseline = { jq: string; seconds: number; verbs: number };

/**
 * What people do today to answer one question about a log: one full jq pass, here "requests by verb".
 * Every other question is another pass over the whole file, so one pass is the cost per question.
 */
export async function timeJqCountByVerb(jq: string, file: string): Promise<JqBaseline> {
  const done = await runTimed("sh", ["-c", `${shellQuote(jq)} -r .verb ${shellQuote(file)} | sort | uniq -c`]);
  if (done.code !== 0) throw describeFailure("jq", done);
  return { jq, seconds: done.seconds, verbs: done.stdout.trim().split("\n").filter(Boolean).length };
}
