"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { Button, type ButtonVariant } from "@/components/ui/button";

/**
 * A button for an action that deletes data: the first click opens a small confirmation under it, the
 * second does it. The confirmation is placed in the viewport (fixed), so neither a table cell grows nor
 * a card that clips or scrolls its overflow hides it; it follows its button when the page or the table
 * scrolls (a table scrolled sideways to reach the button would otherwise close it as it opens). The page
 * is refreshed afterwards (its counts are rendered by the server); what happened is shown beside the
 * button, a refusal in the confirmation.
 */
export function ConfirmAction({
  label,
  question,
  run,
  disabled,
  disabledReason,
  variant = "secondary",
  align = "left",
  testId,
}: {
  label: ReactNode;
  question: string;
  run: () => Promise<string>;
  disabled?: boolean;
  disabledReason?: string;
  variant?: ButtonVariant;
  /** Which edge of the button the confirmation lines up with: "right" in a table's last column. */
  align?: "left" | "right";
  testId?: string;
}) {
  const router = useRouter();
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState<CSSProperties | null>(null);
  const asking = at !== null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const place = (): CSSProperties | null => {
    const r = button.current?.getBoundingClientRect();
    if (!r) return null;
    return align === "right" ? { top: r.bottom + 4, right: window.innerWidth - r.right } : { top: r.bottom + 4, left: r.left };
  };

  useEffect(() => {
    if (!asking) return;
    const follow = () => setAt((open) => (open ? place() : open));
    window.addEventListener("scroll", follow, { passive: true, capture: true });
    window.addEventListener("resize", follow);
    return () => {
      window.removeEventListener("scroll", follow, { capture: true });
      window.removeEventListener("resize", follow);
    };
    // place reads the button and `align` only, both fixed while the confirmation is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asking]);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      setDone(await run());
      setAt(null);
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="inline-flex items-center gap-2" data-testid={testId}>
      <Button
        ref={button}
        variant={variant}
        disabled={disabled || asking}
        title={disabled ? disabledReason : undefined}
        aria-expanded={asking}
        onClick={() => {
          setDone(null);
          setError(null);
          setAt(place());
        }}
      >
        {label}
      </Button>
      {done ? (
        <span role="status" className="text-xs whitespace-nowrap text-emerald-700 dark:text-emerald-400">
          {done}
        </span>
      ) : null}
      {at ? (
        <span
          role="dialog"
          aria-label={question}
          style={at}
          className="fixed z-50 flex w-max max-w-xs flex-col gap-2 rounded-md border border-zinc-200 bg-white p-2.5 text-left shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <span className="text-xs whitespace-normal text-zinc-700 dark:text-zinc-300">{question}</span>
          {error ? <span className="text-xs whitespace-normal text-red-700 dark:text-red-400">{error}</span> : null}
          <span className="flex justify-end gap-1.5">
            <Button variant="ghost" disabled={busy} onClick={() => setAt(null)}>
              Cancel
            </Button>
            <Button variant="primary" className="bg-red-700 hover:bg-red-600 dark:bg-red-600 dark:text-white dark:hover:bg-red-500" disabled={busy} onClick={confirm}>
              {busy ? "Deleting…" : "Delete"}
            </Button>
          </span>
        </span>
      ) : null}
    </span>
  );
}
