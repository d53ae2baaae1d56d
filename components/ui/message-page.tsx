import Link from "next/link";
import type { ReactNode } from "react";
import { buttonStyles } from "./button";
import { Card } from "./card";
import { EmptyState } from "./empty-state";

/** A page that only says something went nowhere (not found, not allowed), with the way back to the requests. */
export function MessagePage({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-xl pt-10">
      <Card data-testid={testId}>
        <EmptyState
          title={title}
          action={
            <Link href="/" className={buttonStyles("secondary")}>
              Back to requests
            </Link>
          }
        >
          {children}
        </EmptyState>
      </Card>
    </div>
  );
}
