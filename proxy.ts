import { NextResponse, type NextRequest } from "next/server";
import { isMalformedPath } from "@/lib/http/malformed-path";

/** Runs before routing: a path that cannot be decoded is the client's error, not a crash to report. */
export function proxy(request: NextRequest): NextResponse {
  if (isMalformedPath(request.nextUrl.pathname)) {
    return new NextResponse("400 Bad Request: the path's percent-encoding is not valid UTF-8.\n", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
  return NextResponse.next();
}
