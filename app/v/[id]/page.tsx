import { notFound, redirect } from "next/navigation";
import { auditStore } from "@/lib/store";
import { parseAppUrl } from "@/lib/views/canonical-url";
import { requirePage } from "@/lib/auth/page-access";

export const dynamic = "force-dynamic";

/** A saved view's short link: a 307 to the canonical URL it was saved with. */
export default async function ShortLink({ params }: { params: Promise<{ id: string }> }) {
  await requirePage();
  const view = await auditStore().views.get((await params).id);
  if (!view) notFound();
  // Checked again on the way out, so a row stored before a validation fix cannot redirect off-site.
  let target: URL;
  try {
    target = parseAppUrl(view.url);
  } catch {
    notFound();
  }
  redirect(`${target.pathname}${target.search}`);
}
