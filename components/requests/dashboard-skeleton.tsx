import { Skeleton } from "@/components/ui/skeleton";

const box = "rounded-md border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900";

/** The dashboard's shape while the server counts: header, search and range, timeline, breakdowns beside the table. */
export function DashboardSkeleton() {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading requests">
      <Skeleton className="h-5 w-40" />
      <Skeleton className="h-3 w-[32rem] max-w-full" />
      <div className={`${box} flex flex-col gap-2`}>
        <Skeleton className="h-8 w-full" />
        <Skeleton className="h-7 w-[36rem] max-w-full" />
      </div>
      <div className={box}>
        <Skeleton className="h-40 w-full" />
      </div>
      <div className="grid grid-cols-1 items-start gap-3 xl:grid-cols-[16rem_minmax(0,1fr)]">
        <div className={`${box} flex flex-col gap-1.5 max-xl:order-2`}>
          {Array.from({ length: 12 }, (_, i) => (
            <Skeleton key={i} className={i % 4 === 0 ? "mt-2 h-3 w-20" : "h-4 w-full"} />
          ))}
        </div>
        <div className={`${box} flex flex-col gap-1.5`}>
          {Array.from({ length: 14 }, (_, i) => (
            <Skeleton key={i} className="h-5 w-full" />
          ))}
        </div>
      </div>
    </div>
  );
}
