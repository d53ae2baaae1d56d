import { Skeleton } from "@/components/ui/skeleton";

export function DashboardSkeleton() {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading requests">
      <Skeleton className="h-5 w-40" />
      <Skeleton className="h-3 w-[32rem] max-w-full" />
      <Skeleton className="h-14 w-full" />
      <div className="flex flex-col gap-1.5 rounded-md border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        {Array.from({ length: 14 }, (_, i) => (
          <Skeleton key={i} className="h-5 w-full" />
        ))}
      </div>
    </div>
  );
}
