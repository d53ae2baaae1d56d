import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { buttonStyles } from "@/components/ui/button";

export default function RequestNotFound() {
  return (
    <div className="mx-auto max-w-xl pt-10">
      <Card data-testid="request-not-found">
        <EmptyState
          title="Request not found"
          action={
            <Link href="/" className={buttonStyles("secondary")}>
              Back to requests
            </Link>
          }
        >
          There is no request with this id in the store. It may come from a different database, or the link is mistyped.
        </EmptyState>
      </Card>
    </div>
  );
}
