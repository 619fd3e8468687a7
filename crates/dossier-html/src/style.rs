//! The page's style sheet, inline: the theme's colours, a measure that
//! reads from a 360 px phone to a wide screen, tables that scroll inside
//! their own box with their row heads kept in view, charts that shrink
//! only as far as their labels stay legible and scroll beyond, right-to-
//! left tables and lists through logical properties, and a print style
//! sheet.

use dossier_canvas::Color;
use dossier_doc::Theme;

use crate::fonts::FAMILY;

fn hex(c: Color) -> String {
    c.to_hex()
}

/// The style sheet for a page in `theme`.
pub fn style_sheet(theme: &Theme) -> String {
    let text = hex(theme.text);
    let muted = hex(theme.muted);
    let accent = hex(theme.accent);
    let rule = hex(theme.rule);
    let zebra = hex(theme.zebra);
    let callout = hex(theme.callout_fill);
    format!(
        r#":root{{color:{text};background:#fff;font-family:"{FAMILY}",sans-serif;line-height:1.6;-webkit-text-size-adjust:100%;text-size-adjust:100%}}
*,*::before,*::after{{box-sizing:border-box}}
body{{margin:0;font-size:1.0625rem;overflow-wrap:break-word}}
main,header.cover,nav.toc{{max-width:46rem;margin-inline:auto;padding-inline:1rem}}
header.cover{{padding-block:2.5rem 1.5rem;border-block-end:2px solid {accent}}}
.title{{font-size:2rem;font-weight:700;line-height:1.25;margin:0 0 .5rem;color:{accent}}}
.subtitle{{font-size:1.2rem;margin:0 0 .5rem}}
.date{{color:{muted};margin:0}}
ul.figures{{list-style:none;padding:0;margin:1rem 0;display:flex;flex-wrap:wrap;gap:.75rem}}
ul.figures li{{flex:1 1 9rem;padding:.5rem .75rem;border-inline-start:3px solid {accent};background:{callout}}}
.value{{display:block;font-size:1.4rem;font-weight:700;color:{accent}}}
nav.toc ul{{list-style:none;padding:0;margin:0}}
nav.toc li.level-2{{padding-inline-start:1.25rem}}
nav.toc li.level-1{{font-weight:700;margin-block-start:.35rem}}
h1,h2,h3{{line-height:1.3;font-weight:700;color:{accent}}}
h1{{font-size:1.6rem;margin:2.2rem 0 .8rem}}
h2{{font-size:1.3rem;margin:1.8rem 0 .6rem}}
h3{{font-size:1.1rem;margin:1.4rem 0 .5rem}}
p{{margin:0 0 .9rem}}
ul,ol{{padding-inline-start:1.5rem;margin:0 0 .9rem}}
ol.numbered{{list-style:none;padding-inline-start:2rem}}
ol.numbered>li>.marker{{display:inline-block;min-width:1.6rem;margin-inline-start:-2rem;margin-inline-end:.4rem;text-align:end}}
a{{color:{accent}}}
sup{{line-height:0}}
a.fnref{{text-decoration:none;padding-inline:.1em}}
.scroll{{overflow-x:auto;margin:1.2rem 0 .4rem;max-width:100%}}
.scroll:focus{{outline:2px solid {accent};outline-offset:2px}}
table{{border-collapse:collapse;min-width:100%;font-size:.95rem}}
caption{{caption-side:top;text-align:start;font-weight:700;padding-block-end:.4rem}}
th,td{{padding:.35rem .6rem;text-align:start;vertical-align:top;border-block-end:1px solid {rule}}}
thead th{{background:{zebra};border-block-end:2px solid {rule};font-weight:700}}
tbody th{{font-weight:400}}
table.zebra tbody tr:nth-child(even){{background:{zebra}}}
tfoot th,tfoot td{{font-weight:700;border-block-start:2px solid {text}}}
tbody th[scope=row]{{min-width:8em}}
th[scope=row],table:has(th[scope=row]) thead tr>:first-child{{position:sticky;inset-inline-start:0;background:#fff}}
table.zebra tbody tr:nth-child(even) th[scope=row],table:has(th[scope=row]) thead tr>:first-child{{background:{zebra}}}
.end,.num{{text-align:end}}
.center{{text-align:center}}
.num{{font-variant-numeric:tabular-nums;white-space:nowrap}}
thead .num{{white-space:normal}}
.label{{color:{accent};font-weight:700}}
.note{{color:{muted};font-size:.875rem;margin:.2rem 0 .9rem}}
figure{{margin:1.5rem 0}}
figure .chart{{margin-inline:auto;overflow-x:auto}}
figure .chart:focus{{outline:2px solid {accent};outline-offset:2px}}
figure svg{{display:block;width:100%;min-width:var(--least,0);height:auto}}
figcaption{{font-size:.95rem;margin-block-end:.4rem}}
figure .note{{margin:.3rem 0 0}}
aside.callout{{background:{callout};border-inline-start:4px solid {accent};padding:.8rem 1rem;margin:1.2rem 0}}
aside.callout .callout-title{{font-weight:700;margin:0 0 .4rem}}
aside.callout p:last-child,aside.callout ul:last-child{{margin-block-end:0}}
ol.notes{{list-style:none;padding:0;margin:1.5rem 0;border-block-start:1px solid {rule};padding-block-start:.6rem;font-size:.9rem}}
ol.notes li{{margin-block-end:.4rem}}
ol.notes a.back{{text-decoration:none;font-weight:700;margin-inline-end:.4rem}}
.page-break{{display:block}}
@media (max-width:30rem){{body{{font-size:1rem}}.title{{font-size:1.6rem}}h1{{font-size:1.4rem}}td:not(.num){{min-width:8em}}}}
@media print{{
:root{{font-size:10.5pt;line-height:1.5}}
body{{font-size:1rem}}
main,header.cover,nav.toc{{max-width:none;padding:0}}
header.cover{{break-after:page;border:0;padding-block-start:30%}}
nav.toc{{break-after:page}}
a{{color:inherit;text-decoration:none}}
.scroll,figure .chart{{overflow:visible}}
figure svg{{min-width:0}}
th[scope=row],thead tr>:first-child{{position:static}}
h1,h2,h3{{break-after:avoid}}
figure,tr,aside.callout{{break-inside:avoid}}
thead{{display:table-header-group}}
.page-break{{break-after:page}}
@page{{size:A4;margin:2.2cm 2cm}}
}}
"#
    )
}
