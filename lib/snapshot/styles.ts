/** The snapshot's only stylesheet, inline: the file must open with no server and no network. */
export const SNAPSHOT_CSS = `
:root{color-scheme:light dark;--bg:#fafafa;--card:#fff;--fg:#18181b;--muted:#71717a;--line:#e4e4e7;--bar:#0ea5e9;--soft:#f4f4f5;--link:#0369a1}
@media (prefers-color-scheme:dark){:root{--bg:#09090b;--card:#18181b;--fg:#f4f4f5;--muted:#a1a1aa;--line:#27272a;--bar:#38bdf8;--soft:#27272a;--link:#7dd3fc}}
*{box-sizing:border-box}
body{margin:0;padding:24px;background:var(--bg);color:var(--fg);font:13px/1.45 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
h1{font-size:18px;margin:0 0 4px}h2{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:0 0 8px}
.mono,code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}
.muted{color:var(--muted)}.num{font-variant-numeric:tabular-nums;text-align:right}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px 14px;margin:0 0 14px}
.head{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 24px}
.total{font-size:28px;font-weight:650}
dl.filter{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0}
dl.filter dt{color:var(--muted)}dl.filter dd{margin:0;word-break:break-all}
svg.timeline{width:100%;height:auto;display:block}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin-top:6px}.legend span::before{content:"";display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:5px;background:var(--c)}
.facets{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px}
.facets table{width:100%;border-collapse:collapse}.facets td{padding:2px 0;vertical-align:top}
.facets td.v{word-break:break-all;padding-right:8px}.facets td.num{width:64px}
.share{height:4px;background:var(--soft);border-radius:2px;margin-top:2px}.share i{display:block;height:4px;border-radius:2px;background:var(--bar)}
.req{border-top:1px solid var(--line)}.req:first-of-type{border-top:0}
.req>summary{display:grid;grid-template-columns:190px minmax(120px,1.2fr) 70px minmax(120px,1fr) minmax(120px,1.3fr) 44px 80px;gap:10px;padding:5px 2px;cursor:pointer;list-style:none;align-items:baseline}
.req>summary::-webkit-details-marker{display:none}.req>summary:hover{background:var(--soft)}
.req>summary span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.cols{display:grid;grid-template-columns:190px minmax(120px,1.2fr) 70px minmax(120px,1fr) minmax(120px,1.3fr) 44px 80px;gap:10px;padding:0 2px 4px;color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.04em}
.body{padding:6px 6px 12px 14px}
dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0 0 8px}dl.fields dt{color:var(--muted)}dl.fields dd{margin:0;word-break:break-all}
.event{margin:4px 0}.event>summary{cursor:pointer;color:var(--link)}
pre{background:var(--soft);border-radius:4px;padding:8px;overflow:auto;max-height:480px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.c2{color:#059669}.c3{color:#0284c7}.c4{color:#d97706}.c5{color:#dc2626}
.search{width:100%;max-width:420px;padding:5px 8px;border:1px solid var(--line);border-radius:4px;background:var(--card);color:var(--fg);font:inherit;margin-bottom:8px}
footer{color:var(--muted);font-size:11px;margin-top:16px}
@media print{.req{break-inside:avoid}}
`;

/**
 * The only script: a text filter over the requests. Reading needs none of it; it only hides rows whose
 * text does not contain what was typed. It touches no data from the logs except as textContent.
 */
export const SNAPSHOT_SCRIPT = `
(function(){
  var box=document.getElementById("filter");var shown=document.getElementById("shown");
  if(!box)return;box.hidden=false;
  var rows=Array.prototype.slice.call(document.querySelectorAll("details.req"));var text=new WeakMap();
  box.addEventListener("input",function(){
    var q=box.value.trim().toLowerCase();var n=0;
    rows.forEach(function(r){
      var t=text.get(r);if(t===undefined){t=r.textContent.toLowerCase();text.set(r,t);}
      var hit=!q||t.indexOf(q)>=0;r.hidden=!hit;if(hit)n++;
    });
    if(shown)shown.textContent=q?n+" shown":"";
  });
})();
`;
