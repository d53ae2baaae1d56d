import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl pt-10">
      <Card>
        <EmptyState
          title="Page not found"
          action={
            <Link href="/" className={buttonStyles("secondary")}>
              Back to requests
            </Link>
          }
        >
          Nothing lives at this address.
        </EmptyState>
      </Card>
    </div>
  );
}
