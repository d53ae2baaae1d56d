"use client";

import { BreakAfterSeparators } from "@/components/ui/break-after-separators";
import { cn } from "@/components/ui/cn";
import type { ReactNode } from "react";
import { CopyValue } from "./copy-value";

const muted = "text-zinc-500 dark:text-zinc-400";

/**
 * The whole name, wrapped rather than cut: generated names (`nginx-deployment-7998647bdf-phvq7`, node
 * leases named after the host) differ only at the end, which is what an ellipsis would hide. The copy
 * button sits above the request link stretched behind the cell (see Cell in requests-table.tsx).
 * `children` follow the name inside its wrapping box (an exec's command, say).
 */
export function ObjectName({ object, namespace, name, children }: { object: string; namespace: string | null; name: string; children?: ReactNode }) {
  // Each part wraps as a unit first (the name starts a line of its own rather than splitting the namespace),
  // then at its separators, and only then anywhere.
  const part = "inline-block max-w-full [overflow-wrap:anywhere]";
  return (
    <span className="flex items-start gap-1">
      <span data-testid="object-name" className="min-w-0 flex-1 font-mono">
        {namespace ? <span className={cn(part, muted)}><BreakAfterSeparators text={`${namespace}/`} /></span> : null}
        <span className={part}><BreakAfterSeparators text={name} /></span>
        {children}
      </span>
      <CopyValue text={object} label={`Copy ${object}`} />
    </span>
  );
}
