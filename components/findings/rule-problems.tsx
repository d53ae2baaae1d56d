import { Card, CardHeader } from "@/components/ui/card";
import type { RuleProblem } from "@/lib/findings/types";

/** Rule files that could not be used: each names its file and line, so it can be fixed where it is. */
export function RuleProblems({ problems }: { problems: readonly RuleProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <Card data-testid="rule-problems" className="border-amber-300 dark:border-amber-500/40">
      <CardHeader title={`${problems.length === 1 ? "A rule file has a problem" : `${problems.length} rule problems`}: these rules are not running`} />
      <ul className="flex flex-col gap-1 px-3 py-2 text-xs">
        {problems.map((p, i) => (
          <li key={i} className="flex gap-2">
            <span className="shrink-0 font-mono text-zinc-700 dark:text-zinc-300">
              {p.file}
              {p.line === null ? "" : `:${p.line}`}
            </span>
            <span className="text-zinc-600 dark:text-zinc-400">{p.message}</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
