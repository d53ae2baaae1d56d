import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto flex max-w-[1400px] flex-col gap-3" aria-busy="true" aria-label="Loading actor">
      <Skeleton className="h-5 w-64" />
      <Skeleton className="h-3 w-96 max-w-full" />
      <Skeleton className="h-44 w-full" />
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_18rem]">
        <Skeleton className="h-64 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    </div>
  );
}
