"use client";

import type { DeletionCounts } from "@/lib/retention/types";
import { ConfirmAction } from "./confirm-action";
import { deletedText } from "./deleted-text";
import { sendJson } from "./send-json";

export function DeleteRunButton({ runId, running }: { runId: number; running: boolean }) {
  return (
    <ConfirmAction
      label="Delete"
      variant="ghost"
      align="right"
      question={`Delete run ${runId}?`}
      disabled={running}
      disabledReason="A running ingest cannot be deleted"
      testId="delete-run"
      run={async () => deletedText((await sendJson<{ deleted: DeletionCounts }>("DELETE", `/api/v1/runs/${runId}`, {})).deleted)}
    />
  );
}
