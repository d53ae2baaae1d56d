"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** Re-renders the server component around it every `ms`, without a page reload. */
export function AutoRefresh({ ms }: { ms: number }) {
  const router = useRouter();
  useEffect(() => {
    const id = setInterval(() => router.refresh(), ms);
    return () => clearInterval(id);
  }, [router, ms]);
  return null;
}
