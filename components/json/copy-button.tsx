"use client";

import { buttonStyles } from "@/components/ui/button";
import { useCopy } from "@/components/ui/use-copy";

export function CopyButton({ text, label = "Copy as JSON", className }: { text: string; label?: string; className?: string }) {
  const { state, copy } = useCopy();
  return (
    <button type="button" onClick={() => copy(text)} className={buttonStyles("ghost", className)} aria-live="polite">
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
    </button>
  );
}
