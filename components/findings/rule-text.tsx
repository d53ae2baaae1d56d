import { Fragment } from "react";

/** A rule's prose, where `backquoted` words are query terms or commands: shown as code, the rest as written. */
export function RuleText({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return (
    <>
      {parts.map((p, i) =>
        i % 2 === 1 ? (
          <code key={i} className="rounded bg-zinc-100 px-1 font-mono text-[11px] dark:bg-zinc-800">
            {p}
          </code>
        ) : (
          <Fragment key={i}>{p}</Fragment>
        ),
      )}
    </>
  );
}
