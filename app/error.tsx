"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function ErrorBoundary({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  // Server errors reach the browser without their message (it could leak details); the digest finds them in the server log.
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div className="mx-auto max-w-xl pt-10">
      <Card data-testid="error">
        <EmptyState title="Something went wrong" action={<Button variant="primary" onClick={() => retry()}>Try again</Button>}>
          The page could not be loaded. If it keeps happening, check the server log
          {digest ? (
            <>
              {" "}for error <span className="font-mono">{digest}</span>
            </>
          ) : null}
          .
        </EmptyState>
      </Card>
    </div>
  );
}
