import { formatPath, type Change } from "@/lib/audit/object-versions";
import { cn } from "@/components/ui/cn";

const MAX_VALUE = 2000;

function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (${text.length.toLocaleString("en-US")} characters)` : text;
}

const MARK = { added: "+", removed: "−", changed: "~" } as const;
const TONE = {
  added: "text-emerald-700 dark:text-emerald-400",
  removed: "text-red-700 dark:text-red-400",
  changed: "text-amber-700 dark:text-amber-400",
} as const;

/** The fields that changed between two versions of an object, each with its value before and after. */
export function ObjectDiff({ changes }: { changes: Change[] }) {
  if (changes.length === 0) {
    return <p className="px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">No change from the previous version (other than bookkeeping fields).</p>;
  }
  return (
    <table data-testid="object-diff" className="w-full table-fixed border-collapse text-xs">
      <thead>
        <tr className="text-left text-[11px] text-zinc-500 dark:text-zinc-400">
          <th className="w-[30%] px-3 py-1 font-medium">field</th>
          <th className="px-3 py-1 font-medium">before</th>
          <th className="px-3 py-1 font-medium">after</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => {
          const path = formatPath(c.path);
          return (
            <tr key={`${c.type}:${path}`} data-testid="diff-row" data-change={c.type} className="border-t border-zinc-100 align-top dark:border-zinc-800/70">
              <td className={cn("px-3 py-1 font-mono break-all", TONE[c.type])}>
                <span aria-label={c.type} className="mr-1.5 inline-block w-2">{MARK[c.type]}</span>
                {path}
              </td>
              <td className="px-3 py-1">
                {c.type === "added" ? <span className="text-[11px] text-zinc-400 italic">not set</span> : (
                  <pre className="max-h-60 overflow-auto rounded bg-red-50 px-1.5 py-0.5 font-mono text-[11px] break-all whitespace-pre-wrap text-red-900 dark:bg-red-500/10 dark:text-red-200">
                    {show(c.before)}
                  </pre>
                )}
              </td>
              <td className="px-3 py-1">
                {c.type === "removed" ? <span className="text-[11px] text-zinc-400 italic">removed</span> : (
                  <pre className="max-h-60 overflow-auto rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-[11px] break-all whitespace-pre-wrap text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-200">
                    {show(c.after)}
                  </pre>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
