import { Card, CardHeader } from "@/components/ui/card";
import type { RuleMeta } from "@/lib/findings/view-detail";
import { RuleText } from "./rule-text";

const label = "text-[10px] font-semibold tracking-wider text-zinc-500 uppercase";
const expr = "block rounded bg-zinc-50 px-2 py-1 font-mono text-[11px] break-all text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200";

function Section({ title, text, testId }: { title: string; text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <div className="flex flex-col gap-0.5">
      <h3 className={label}>{title}</h3>
      <p className="text-xs whitespace-pre-line text-zinc-700 dark:text-zinc-300" data-testid={testId}>
        <RuleText text={text} />
      </p>
    </div>
  );
}

/** "≥ 20 within 5m by user, ip": a correlation's condition in words. */
function condition(rule: RuleMeta): string | null {
  const by = rule.by.length > 0 ? ` by the same ${rule.by.join(" + ")}` : "";
  if (rule.kind === "threshold") {
    const what = rule.distinct.length > 0 ? `distinct ${rule.distinct.join(" + ")} values` : "matching requests";
    return `${rule.threshold ?? "?"} or more ${what} within ${rule.window ?? "?"}${by}`;
  }
  if (rule.kind === "sequence") {
    const differ = rule.differ.length > 0 ? `; each later step by a different ${rule.differ.join(" + ")}` : "";
    return `these steps in order within ${rule.window ?? "?"}${by}${differ}`;
  }
  return null;
}

/** What a rule detects, why it matters, what to check next, and exactly what it matches. */
export function RuleExplanation({ rule }: { rule: RuleMeta }) {
  if (!rule.loaded) {
    return (
      <Card className="px-3 py-2.5 text-xs text-zinc-600 dark:text-zinc-400" data-testid="rule-not-loaded">
        No rule with this id is loaded now (its file was removed, renamed or turned off); these hits were found by an earlier rule set. An
        admin can recompute findings to drop them.
      </Card>
    );
  }
  const cond = condition(rule);
  return (
    <Card>
      <CardHeader title="About this rule" aside={rule.file ? <span className="font-mono">{rule.builtin ? `built-in: ${rule.file}` : rule.file}</span> : null} />
      <div className="grid gap-3 px-3 py-2.5 lg:grid-cols-2">
        <div className="flex flex-col gap-2.5">
          <Section title="What it detects" text={rule.description} testId="rule-description" />
          <Section title="Why it matters" text={rule.why} testId="rule-why" />
          <Section title="What to check next" text={rule.respond} testId="rule-respond" />
        </div>
        <div className="flex flex-col gap-1.5" data-testid="rule-match">
          <h3 className={label}>What it matches</h3>
          {rule.match ? <code className={expr}>{rule.match}</code> : null}
          {rule.body ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              and the logged request body passes the <span className="font-mono">{rule.body}</span> check (requests logged without their body are
              not checked)
            </p>
          ) : null}
          {cond ? <p className="text-xs text-zinc-600 dark:text-zinc-400">{cond}</p> : null}
          {rule.steps.length > 0 ? (
            <ol className="flex flex-col gap-1">
              {rule.steps.map((s, i) => (
                <li key={i} className="flex flex-col gap-0.5">
                  <span className="text-xs text-zinc-700 dark:text-zinc-300">
                    {i + 1}. {s.label ?? `step ${i + 1}`}
                  </span>
                  <code className={expr}>{s.match}</code>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      </div>
    </Card>
  );
}
