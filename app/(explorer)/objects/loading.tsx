import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="mx-auto flex max-w-[1200px] flex-col gap-3" aria-busy="true" aria-label="Loading object history">
      <Skeleton className="h-5 w-72" />
      <Skeleton className="h-3 w-96 max-w-full" />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} className="h-28 w-full" />
      ))}
    </div>
  );
}
