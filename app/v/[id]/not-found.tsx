import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function ViewNotFound() {
  return (
    <div className="mx-auto max-w-xl pt-10">
      <Card data-testid="view-not-found">
        <EmptyState
          title="Saved view not found"
          action={
            <Link href="/" className={buttonStyles("secondary")}>
              Back to requests
            </Link>
          }
        >
          No saved view has this link. It may have been deleted, or the link was cut short when it was copied.
        </EmptyState>
      </Card>
    </div>
  );
}
