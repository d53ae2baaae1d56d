import { formatNumber } from "@/lib/format/number";
import { ABSENT_LABEL, facetEntryKey } from "@/lib/query/facet-value";
import { DIMENSIONS, type Dimension, type Stats } from "@/lib/store/types";

const TITLES: Record<Dimension, string> = {
  user: "User",
  actor: "Actor (effective user)",
  group: "User group",
  verb: "Verb",
  resource: "Resource",
  namespace: "Namespace",
  code: "Response code",
  userAgent: "User agent",
  sourceIP: "Source IP",
  decision: "Decision",
};

/** The breakdowns as tables with share bars; a share is of all matching requests, as on the dashboard. */
export function FacetTables({ stats }: { stats: Stats }) {
  return (
    <div className="facets">
      {DIMENSIONS.map((d) => {
        const entries = stats.facets[d] ?? [];
        return (
          <section key={d}>
            <h2>{TITLES[d]}</h2>
            {entries.length === 0 ? (
              <p className="muted">—</p>
            ) : (
              <table>
                <tbody>
                  {entries.map((e) => {
                    const share = stats.total > 0 ? (e.count / stats.total) * 100 : 0;
                    return (
                      <tr key={facetEntryKey(e)}>
                        <td className="v mono">
                          {e.absent ? <em className="muted">{ABSENT_LABEL}</em> : e.value}
                          <div className="share">
                            <i style={{ width: `${Math.min(100, share).toFixed(1)}%` }} />
                          </div>
                        </td>
                        <td className="num">{formatNumber(e.count)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </div>
  );
}
