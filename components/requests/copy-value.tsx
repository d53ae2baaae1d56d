"use client";

import { cn } from "@/components/ui/cn";
import { useCopy } from "@/components/ui/use-copy";

/**
 * A small copy button for one value in a table row. It shows on the row's hover (or its own focus), so
 * fifty rows do not carry fifty icons; it stops the click so the row's link behind it does not open.
 */
export function CopyValue({ text, label }: { text: string; label: string }) {
  const { state, copy } = useCopy();
  return (
    <button
      type="button"
      data-testid="copy-value"
      aria-label={label}
      title={state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        void copy(text);
      }}
      className={cn(
        "pointer-events-auto relative z-[1] -my-px shrink-0 rounded px-1 text-[11px] leading-4 text-zinc-400 opacity-0 group-hover:opacity-100 hover:bg-zinc-200 hover:text-zinc-800 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-700 dark:hover:text-zinc-100",
        state !== "idle" && "opacity-100",
      )}
    >
      <span aria-hidden>{state === "copied" ? "✓" : state === "failed" ? "!" : "⧉"}</span>
      <span className="sr-only" aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : ""}
      </span>
    </button>
  );
}
