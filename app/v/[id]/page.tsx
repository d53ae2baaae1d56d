import { notFound, redirect } from "next/navigation";
import { getView } from "@/lib/store/views";

export const dynamic = "force-dynamic";

/** A saved view's short link: a 307 to the canonical URL it was saved with. */
export default async function ShortLink({ params }: { params: Promise<{ id: string }> }) {
  const view = getView((await params).id);
  if (!view) notFound();
  redirect(view.url);
}
