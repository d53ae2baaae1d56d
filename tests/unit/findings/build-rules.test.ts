import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_RULES } from "@/lib/findings/builtin-rules.generated";
import { buildRuleSet } from "@/lib/findings/rule-set";

const root = path.resolve(import.meta.dirname, "../../..");

describe("built-in rules", () => {
  it("are bundled up to date: run `node scripts/build-rules.mjs` after changing lib/findings/builtin/", () => {
    expect(() => execFileSync(process.execPath, ["scripts/build-rules.mjs", "--check"], { cwd: root, stdio: "pipe" })).not.toThrow();
  });

  it("load without a problem, in file-name order", () => {
    expect(buildRuleSet(BUILTIN_RULES, [], {}).problems).toEqual([]);
    const files = BUILTIN_RULES.map((r) => r.file);
    expect(files).toEqual([...files].sort());
  });
});
