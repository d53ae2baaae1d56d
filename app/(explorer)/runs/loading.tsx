import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading ingest runs">
      <Skeleton className="h-5 w-32" />
      <Skeleton className="h-3 w-96 max-w-full" />
      <Skeleton className="h-48 w-full" />
    </div>
  );
}
