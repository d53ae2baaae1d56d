import { attackUrl } from "@/lib/findings/view-links";

/** MITRE ATT&CK technique ids, each linked to its page. */
export function AttackLinks({ techniques }: { techniques: readonly string[] }) {
  if (techniques.length === 0) return <span className="text-zinc-400 dark:text-zinc-500">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {techniques.map((t) => (
        <a
          key={t}
          href={attackUrl(t)}
          target="_blank"
          rel="noreferrer noopener"
          title={`MITRE ATT&CK technique ${t}`}
          className="font-mono text-[11px] text-sky-700 underline-offset-2 hover:underline dark:text-sky-400"
        >
          {t}
        </a>
      ))}
    </span>
  );
}
