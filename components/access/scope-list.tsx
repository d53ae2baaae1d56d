import type { Scope } from "@/lib/auth/principal";

export function ScopeList({ scopes }: { scopes: Scope[] | null }) {
  if (!scopes) return <span className="text-zinc-500">everything</span>;
  return (
    <ul className="flex flex-col gap-0.5 font-mono">
      {scopes.map((s, i) => (
        <li key={i}>
          {s.cluster}
          {s.namespaces ? <span className="text-zinc-500"> / {s.namespaces.join(", ")}</span> : <span className="text-zinc-500"> / every namespace</span>}
        </li>
      ))}
    </ul>
  );
}
