// The browser test's check, run in a copy of a web edition once its fonts
// have settled (the edition itself forbids scripts). It writes its
// findings, as base64 of UTF-8 JSON, on the root element as `data-check`:
//
//   problems  what is wrong: horizontal overflow of the page, a web font
//             that did not load, a text set in a family other than the
//             embedded one, a heading that skips a level, an image or SVG
//             without alternative text
//   body      the page's text as a reader sees it (`innerText`), without
//             the figures and the lists of footnotes
//   prose     the same without the tables and their notes, and tables
//             their text
//   notes     the text of the lists of footnotes
//   extras    texts the PDF repeats or places elsewhere: table heads,
//             captions, source notes, the title (the running head)
//   chars     every character of the page's text, for the font check
//   axe       axe-core's violations, when axe-core was loaded first
(async () => {
  const out = { problems: [], body: '', prose: '', tables: '', notes: '', extras: '', chars: '', axe: null };
  try {
    await document.fonts.ready;
    const r = out.problems;
    const w = document.documentElement.scrollWidth, v = window.innerWidth;
    if (w > v) r.push(`overflow ${w}>${v}`);
    const faces = [...document.fonts];
    if (faces.length === 0) r.push('no web font');
    for (const f of faces) if (f.status !== 'loaded') r.push(`font ${f.weight} ${f.status}`);
    let last = 0;
    for (const h of document.querySelectorAll('h1,h2,h3,h4,h5,h6')) {
      const l = +h.tagName[1];
      if (l > last + 1) r.push(`heading ${h.tagName} after h${last}: ${h.textContent.slice(0, 40)}`);
      last = l;
    }
    for (const s of document.querySelectorAll('svg')) {
      if (s.parentElement.closest('svg')) continue;
      if (!(s.getAttribute('aria-label') || '').trim()) r.push('svg without alternative text');
    }
    for (const i of document.querySelectorAll('img')) if (!i.hasAttribute('alt')) r.push('img without alt');

    // Every text is set in the embedded family, in a face that loaded.
    const chars = new Set();
    const families = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.data.trim() || el.closest('script,style')) continue;
      const style = getComputedStyle(el);
      const first = style.fontFamily.split(',')[0].trim().replace(/^["']|["']$/g, '');
      if (first !== 'Vazirmatn') families.add(`${el.tagName.toLowerCase()} in ${first}`);
      const font = `${style.fontStyle} ${style.fontWeight} 16px "Vazirmatn"`;
      if (!document.fonts.check(font, n.data)) families.add(`${el.tagName.toLowerCase()} in an unloaded face (${font})`);
      for (const c of n.data) chars.add(c);
    }
    for (const f of families) r.push(`text ${f}`);
    out.chars = [...chars].join('');

    // The reader's text, without figures (which the PDF floats to where
    // they fit) and the lists of notes (which it sets at the foot of each
    // page).
    const hidden = [...document.querySelectorAll('figure, ol.notes')];
    const before = hidden.map(e => e.style.display);
    for (const e of hidden) e.style.display = 'none';
    out.body = document.body.innerText;
    const tables = [...document.querySelectorAll('div.scroll, p.note')];
    const shown = tables.map(e => e.style.display);
    for (const e of tables) e.style.display = 'none';
    out.prose = document.body.innerText;
    tables.forEach((e, i) => { e.style.display = shown[i]; });
    out.tables = tables.map(e => e.innerText).join('\n');
    hidden.forEach((e, i) => { e.style.display = before[i]; });
    out.notes = [...document.querySelectorAll('ol.notes')].map(e => e.innerText).join('\n');
    out.extras = [document.title]
      .concat([...document.querySelectorAll('thead, caption, .note, figcaption')].map(e => e.innerText))
      .join('\n');

    if (window.axe) {
      const result = await axe.run(document, { resultTypes: ['violations'] });
      out.axe = result.violations.map(x =>
        `${x.id} (${x.impact}): ${x.help}; ${x.nodes.length} nodes, e.g. ${x.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
    }
  } catch (e) {
    out.problems.push(`the check failed: ${e}`);
  }
  const bytes = new TextEncoder().encode(JSON.stringify(out));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  document.documentElement.dataset.check = btoa(bin);
})();
