/// The report pages' only style sheet, inlined into each page.
///
/// Colours are CSS variables, set once for light and once for dark (`prefers-color-scheme`),
/// and the SVG charts draw with them, so a chart follows the reader's theme. Print keeps
/// the light colours and does not split a chart across pages.
enum HTMLPageStyle {
  /// The CSS text.
  static let css = """
    :root{--bg:#fff;--fg:#1b1d21;--muted:#5b6270;--grid:#d9dde3;--panel:#f4f6f8;--c1:#1f6fd1;--c2:#d2581e;\
    --c3:#1d8a4d;--c4:#8a3fc2;--c5:#b8860b;--c6:#c2185b;--band:#1f6fd1;--problem:#b3261e;--warning:#8a5a00;\
    --info:#1f6fd1;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45}
    @media (prefers-color-scheme:dark){:root{--bg:#15171b;--fg:#e6e8eb;--muted:#a2a9b5;--grid:#363b44;\
    --panel:#1e2127;--c1:#6aa8ff;--c2:#ff9d5c;--c3:#5fd394;--c4:#c79bff;--c5:#f0c24a;--c6:#ff7aa8;\
    --band:#6aa8ff;--problem:#ff8a80;--warning:#f0c24a;--info:#6aa8ff}}
    body{background:var(--bg);color:var(--fg);margin:0 auto;max-width:60rem;padding:1.5rem}
    h1{font-size:1.5rem;margin:0 0 .3rem;overflow-wrap:anywhere}h2{font-size:1.2rem;margin:2rem 0 .6rem;\
    border-bottom:1px solid var(--grid);padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
    .verdict{font-size:1.1rem;font-weight:600;margin:.2rem 0}.facts{color:var(--muted);padding:0;margin:.4rem 0}
    .facts li{display:inline;margin-right:1.2rem}.note{color:var(--muted);font-style:italic}
    figure.chart{margin:1rem 0;padding:.6rem;background:var(--panel);border-radius:6px}
    figure.chart svg{width:100%;height:auto;display:block}figcaption{color:var(--muted);font-size:.9rem}
    svg text{fill:var(--fg);font-size:11px}svg .axis-title{font-size:12px;font-weight:600}
    svg .axis{stroke:var(--muted);stroke-width:1}svg .grid{stroke:var(--grid);stroke-width:1}
    svg .line{fill:none;stroke-width:1.8;stroke-linejoin:round}svg .thin{stroke-width:1.1}
    svg .rule{fill:none;stroke-width:1.2;stroke-dasharray:6 4}svg .dash{stroke-dasharray:5 4}
    svg .area{stroke:none}svg .outer{fill:var(--band);fill-opacity:.14}svg .inner{fill:var(--band);fill-opacity:.28}
    svg .bar{stroke:none}svg .marker{stroke:var(--fg);stroke-width:2}
    .s1{stroke:var(--c1);color:var(--c1)}.s2{stroke:var(--c2);color:var(--c2)}.s3{stroke:var(--c3);color:var(--c3)}
    .s4{stroke:var(--c4);color:var(--c4)}.s5{stroke:var(--c5);color:var(--c5)}.s6{stroke:var(--c6);color:var(--c6)}
    svg .bar.s1,svg .bar.s2,svg .bar.s3,svg .bar.s4,svg .bar.s5,svg .bar.s6{fill:currentColor}
    .legend{list-style:none;padding:0;margin:.3rem 0;font-size:.9rem}.legend li{display:inline-block;margin-right:1rem}
    .swatch{display:inline-block;width:1.4em;height:.25em;vertical-align:middle;margin-right:.35em;\
    background:currentColor}.swatch.outer{height:.8em;background:var(--band);opacity:.3}
    .swatch.inner{height:.8em;background:var(--band);opacity:.55}.swatch.rule{background:none;border-top:2px dashed currentColor}
    table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}caption{text-align:left;color:var(--muted)}
    th,td{padding:.25rem .7rem;border-bottom:1px solid var(--grid);text-align:right}
    th[scope=row],thead th:first-child{text-align:left}
    .finding{border-left:4px solid var(--info);padding:.3rem .8rem;margin:.6rem 0;background:var(--panel)}
    .finding.problem{border-color:var(--problem)}.finding.warning{border-color:var(--warning)}
    .finding .code{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--muted)}
    .finding .action{font-family:ui-monospace,monospace;font-size:.9rem}
    footer{color:var(--muted);font-size:.85rem;margin-top:2.5rem;border-top:1px solid var(--grid)}
    @media print{:root{--bg:#fff;--fg:#000;--muted:#444;--grid:#ccc;--panel:#fff}body{max-width:none;padding:0}
    figure.chart,table,.finding{break-inside:avoid}h2{break-after:avoid}}
    """
}
