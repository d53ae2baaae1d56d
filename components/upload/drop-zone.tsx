"use client";

import { useState, type DragEvent } from "react";
import { cn } from "@/components/ui/cn";

/** Drag files here or click to pick them. The input stays in the DOM (visually hidden) for keyboards and tests. */
export function DropZone({ onFiles, compact = false }: { onFiles: (files: File[]) => void; compact?: boolean }) {
  const [over, setOver] = useState(false);

  function drop(e: DragEvent<HTMLLabelElement>) {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  }

  return (
    <label
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      className={cn(
        "flex cursor-pointer flex-col items-center justify-center gap-1.5 rounded-md border-2 border-dashed text-center transition-colors",
        "has-[input:focus-visible]:border-sky-500 has-[input:focus-visible]:ring-2 has-[input:focus-visible]:ring-sky-500/30",
        compact ? "px-4 py-6" : "px-6 py-10",
        over
          ? "border-sky-500 bg-sky-50 dark:bg-sky-500/10"
          : "border-zinc-300 bg-zinc-50/50 hover:border-zinc-400 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900/40 dark:hover:border-zinc-600",
      )}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" className="size-7 text-zinc-400 dark:text-zinc-500">
        <path
          d="M12 16V4m0 0 4.5 4.5M12 4 7.5 8.5M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.6"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <span className="text-sm font-medium text-zinc-800 dark:text-zinc-200">
        Drop audit log files here, or <span className="text-sky-700 underline underline-offset-2 dark:text-sky-400">choose files</span>
      </span>
      <span className="text-xs text-zinc-500 dark:text-zinc-400">
        JSON lines, EventList or YAML, plain or <span className="font-mono">.gz</span> — several files upload one after another
      </span>
      <input
        type="file"
        multiple
        data-testid="file-input"
        className="sr-only"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          // Reset so choosing the same file again still fires a change.
          e.currentTarget.value = "";
          if (files.length > 0) onFiles(files);
        }}
      />
    </label>
  );
}
