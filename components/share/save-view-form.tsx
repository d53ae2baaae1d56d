"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { inputStyles } from "@/components/ui/input";
import type { SavedView } from "@/lib/views/types";
import { useCurrentView } from "./use-current-view";

type Saved = Pick<SavedView, "id" | "path" | "name">;

/** Names the current view and stores it; the server answers with its short link. */
export function SaveViewForm({ onDone, autoFocus }: { onDone?: () => void; autoFocus?: boolean }) {
  const router = useRouter();
  const current = useCurrentView();
  const ids = useId();
  const [name, setName] = useState("");
  const [freeze, setFreeze] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/v1/views", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, url: current.url, freeze: freeze && current.hasRange }),
      });
      const body = (await res.json()) as Partial<Saved> & { error?: string };
      if (!res.ok || !body.id || !body.path) throw new Error(body.error ?? `saving failed (${res.status})`);
      setSaved({ id: body.id, path: body.path, name: name.trim() });
      setName("");
      setFreeze(false);
      // The sidebar's list is rendered by the server layout.
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (saved) {
    return (
      <div className="flex flex-col gap-1.5 text-xs" data-testid="view-saved" role="status">
        <p className="text-zinc-600 dark:text-zinc-400">
          Saved <span className="font-medium text-zinc-900 dark:text-zinc-100">{saved.name}</span> as
        </p>
        <Link href={saved.path} className="font-mono text-sky-700 underline underline-offset-2 dark:text-sky-400">
          {saved.path}
        </Link>
        <div className="flex gap-1.5">
          <Button variant="ghost" className="px-1.5" onClick={() => setSaved(null)}>
            Save another
          </Button>
          {onDone ? (
            <Button variant="ghost" className="px-1.5" onClick={onDone}>
              Close
            </Button>
          ) : null}
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-1.5" data-testid="save-view-form">
      <label htmlFor={`${ids}-name`} className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">
        View name
      </label>
      <input
        id={`${ids}-name`}
        required
        maxLength={120}
        autoFocus={autoFocus}
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="e.g. deletes in prod"
        className={inputStyles}
      />
      <label
        className={`flex items-start gap-1.5 text-xs ${current.hasRange ? "text-zinc-700 dark:text-zinc-300" : "text-zinc-400 dark:text-zinc-600"}`}
        title={current.hasRange ? undefined : "Only a relative range (last 15 min … 7 d) can be frozen"}
      >
        <input
          type="checkbox"
          className="mt-0.5 accent-sky-600"
          checked={freeze && current.hasRange}
          disabled={!current.hasRange}
          onChange={(e) => setFreeze(e.target.checked)}
        />
        <span>Freeze the time range (store &ldquo;last N&rdquo; as fixed dates)</span>
      </label>
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex gap-1.5">
        <Button type="submit" variant="primary" disabled={busy || name.trim() === ""}>
          {busy ? "Saving…" : "Save view"}
        </Button>
        {onDone ? (
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
