import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseRuleText } from "@/lib/findings/load-rules";

const root = path.resolve(import.meta.dirname, "../../..");

/** The ```yaml blocks of a document that are whole rules (they have an id). */
function ruleExamples(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => /^id:/m.test(block));
}

describe("rule examples in the documentation", () => {
  for (const file of ["README.md", "docs/findings.md"]) {
    it(`${file}: every whole rule shown loads`, () => {
      const examples = ruleExamples(file);
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) expect(parseRuleText(example, file, false)).not.toBeInstanceOf(Array);
    });
  }
});
