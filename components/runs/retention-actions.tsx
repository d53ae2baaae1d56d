"use client";

import { useId, useState } from "react";
import { inputStyles } from "@/components/ui/input";
import type { DeletionCounts, RetentionPass } from "@/lib/retention/types";
import { ConfirmAction } from "./confirm-action";
import { deletedText } from "./deleted-text";
import { sendJson } from "./send-json";

/** `YYYY-MM-DDTHH:MM` from a datetime-local input, read as UTC like every time on these pages. */
const utcIso = (local: string) => `${local.length === 16 ? `${local}:00` : local}Z`;

/** "Apply retention now" (when a policy is set) and "Delete everything before" a UTC time. */
export function RetentionActions({ policy }: { policy: boolean }) {
  const ids = useId();
  const [before, setBefore] = useState("");
  return (
    <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
      <div className="flex flex-col gap-0.5">
        <label htmlFor={`${ids}-before`} className="text-[10px] font-semibold tracking-wider text-zinc-500 uppercase">
          Delete requests received before (UTC)
        </label>
        <div className="flex items-center gap-1.5">
          <div className="w-52 shrink-0">
            <input
              id={`${ids}-before`}
              type="datetime-local"
              step={60}
              value={before}
              onChange={(e) => setBefore(e.target.value)}
              className={inputStyles}
              data-testid="delete-before-input"
            />
          </div>
          <ConfirmAction
            label="Delete before"
            question={`Delete every request received before ${before.replace("T", " ")} UTC?`}
            disabled={before === ""}
            disabledReason="Pick a time first"
            testId="delete-before"
            run={async () => deletedText((await sendJson<{ deleted: DeletionCounts }>("POST", "/api/v1/retention", { before: utcIso(before) })).deleted)}
          />
        </div>
      </div>
      {policy ? (
        <ConfirmAction
          label="Apply retention now"
          question="Delete what the retention policy no longer keeps?"
          testId="apply-retention"
          run={async () => deletedText((await sendJson<{ pass: RetentionPass }>("POST", "/api/v1/retention", {})).pass.deleted)}
        />
      ) : null}
    </div>
  );
}
