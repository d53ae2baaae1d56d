"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/components/runs/send-json";
import { Button } from "@/components/ui/button";
import { formatNumber } from "@/lib/format/number";

/** Recomputes every stored request's findings with the current rules, then redraws the page's counts. */
export function RecomputeButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ ok: boolean; text: string } | null>(null);
  async function run() {
    setBusy(true);
    setSaid(null);
    try {
      const r = await sendJson<{ requests: number; hits: number }>("POST", "/api/v1/findings/recompute", {});
      setSaid({ ok: true, text: `Checked ${formatNumber(r.requests)} requests: ${formatNumber(r.hits)} hits.` });
      router.refresh();
    } catch (e) {
      setSaid({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="flex items-center gap-2">
      <Button variant="primary" onClick={run} disabled={busy} data-testid="recompute-findings">
        {busy ? "Recomputing…" : "Recompute findings"}
      </Button>
      {said ? (
        <span role={said.ok ? "status" : "alert"} className={said.ok ? "text-xs text-zinc-600 dark:text-zinc-400" : "text-xs text-red-600 dark:text-red-400"}>
          {said.text}
        </span>
      ) : null}
    </span>
  );
}
