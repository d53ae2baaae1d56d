import { Badge, type Tone } from "./badge";

function toneOf(code: number | null): Tone {
  if (code === null) return "neutral";
  if (code >= 500) return "red";
  if (code >= 400) return "amber";
  if (code >= 300) return "blue";
  if (code >= 200) return "green";
  return "neutral";
}

/** An HTTP status code, coloured by class; "—" when there was no response. */
export function CodeBadge({ code, title }: { code: number | null; title?: string }) {
  return (
    <Badge tone={toneOf(code)} mono title={title ?? (code === null ? "no response code" : undefined)} className="min-w-9 justify-center">
      {code ?? "—"}
    </Badge>
  );
}
