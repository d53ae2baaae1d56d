"use client";

import { useState } from "react";
import { buttonStyles } from "@/components/ui/button";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      className={buttonStyles("ghost")}
      onClick={async () => {
        setBusy(true);
        await fetch("/api/v1/logout", { method: "POST" });
        // A full load: every server-rendered part must forget the session.
        window.location.replace(new URL("/login", window.location.href));
      }}
    >
      Sign out
    </button>
  );
}
