import { parseRuleText } from "@/lib/findings/load-rules";
import type { Rule } from "@/lib/findings/types";

const HEAD = `title: A test rule
severity: high
description: What it detects.
why: Why it matters.
respond: What to check.
`;

/** A rule from the YAML after its metadata (`id` first), as a user would write it. */
export function ruleOf(id: string, body: string): Rule {
  const parsed = parseRuleText(`id: ${id}\n${HEAD}${body}`, `${id}.yaml`, false);
  if (Array.isArray(parsed)) throw new Error(`rule ${id}: ${parsed.map((p) => `${p.line}: ${p.message}`).join("; ")}`);
  return parsed;
}
