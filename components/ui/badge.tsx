import type { ReactNode } from "react";
import { cn } from "./cn";

export type Tone = "neutral" | "green" | "blue" | "amber" | "red" | "violet";

const TONES: Record<Tone, string> = {
  neutral: "bg-zinc-100 text-zinc-700 ring-zinc-300/70 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/25 dark:bg-emerald-500/10 dark:text-emerald-400 dark:ring-emerald-500/30",
  blue: "bg-sky-50 text-sky-700 ring-sky-600/25 dark:bg-sky-500/10 dark:text-sky-400 dark:ring-sky-500/30",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-500/10 dark:text-amber-400 dark:ring-amber-500/30",
  red: "bg-red-50 text-red-700 ring-red-600/25 dark:bg-red-500/10 dark:text-red-400 dark:ring-red-500/30",
  violet: "bg-violet-50 text-violet-700 ring-violet-600/25 dark:bg-violet-500/10 dark:text-violet-400 dark:ring-violet-500/30",
};

/**
 * `wrap`: a value that can outgrow its column (a group such as
 * `system:serviceaccounts:pinniped-concierge`) breaks inside the chip instead of spilling over the next one.
 */
export function Badge({
  tone = "neutral",
  mono = false,
  wrap = false,
  title,
  className,
  children,
}: {
  tone?: Tone;
  mono?: boolean;
  wrap?: boolean;
  title?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <span
      title={title}
      className={cn(
        "inline-flex items-center gap-1 rounded px-1.5 py-px text-[11px] leading-4 font-medium ring-1 ring-inset",
        wrap ? "max-w-full min-w-0 [overflow-wrap:anywhere]" : "whitespace-nowrap",
        mono && "font-mono",
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  );
}
