// retold viewer: renders a comparison (two texts and the JSON of
// `retold compare --json`) side by side. Offsets in the JSON are UTF-8 byte
// offsets, so texts are sliced as bytes and decoded back.
"use strict";

const retoldViewer = (() => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"}[c]));
  }

  function words(s) {
    return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  }

  // Marks the words of `own` that its twin passage does not contain: what a
  // spinner or translator changed.
  function markChanges(own, twin) {
    const keep = new Set(words(twin));
    let html = "", last = 0;
    for (const m of own.matchAll(/[\p{L}\p{N}]+/gu)) {
      html += escapeHtml(own.slice(last, m.index));
      html += keep.has(m[0].toLowerCase()) ? escapeHtml(m[0]) : "<mark>" + escapeHtml(m[0]) + "</mark>";
      last = m.index + m[0].length;
    }
    return html + escapeHtml(own.slice(last));
  }

  // The units shown: the sentence rows of each passage when the JSON has
  // them (reports, the web page), else whole passages.
  function units(passages) {
    const out = [];
    passages.forEach((p, i) => {
      if (p.rows && p.rows.length) {
        p.rows.forEach(r => out.push({a: r.a, b: r.b, similarity: r.similarity, passage: i}));
      } else {
        out.push({a: p.a, b: p.b, similarity: p.similarity, passage: i});
      }
    });
    return out;
  }

  // HTML for one side: plain text with the passages wrapped in spans.
  // Across languages every word differs; changes are marked only within one.
  function side(bytes, otherBytes, passages, key, prefix, mark = true) {
    const order = passages.map((p, i) => ({p, i})).sort((x, y) => x.p[key][0] - y.p[key][0]);
    const otherKey = key === "a" ? "b" : "a";
    let html = "", position = 0;
    for (const {p, i} of order) {
      const [start, end] = p[key];
      if (start < position) continue;  // passages never overlap on one side
      html += escapeHtml(decoder.decode(bytes.slice(position, start)));
      const text = decoder.decode(bytes.slice(start, end));
      const twin = decoder.decode(otherBytes.slice(p[otherKey][0], p[otherKey][1]));
      html += `<span class="passage p${i % 6}" id="${prefix}-${key}-${i}" data-twin="${prefix}-${otherKey}-${i}"` +
              ` title="passage ${p.passage + 1}, similarity ${p.similarity.toFixed(2)}">${mark ? markChanges(text, twin) : escapeHtml(text)}</span>`;
      position = end;
    }
    return html + escapeHtml(decoder.decode(bytes.slice(position)));
  }

  function render(container, textA, textB, result, labels = ["A", "B"], prefix = "v") {
    const a = encoder.encode(textA), b = encoder.encode(textB);
    const passages = result.passages || [];
    const shown = units(passages);
    const pct = x => (100 * x).toFixed(1) + "%";
    // A pair across languages names them, and offers the English
    // translation the foreign side was compared through.
    const heading = (i, key) => escapeHtml(labels[i]) +
        (result.translated && result["lang_" + key] ? ` <small class="lang">(${escapeHtml(result["lang_" + key])})</small>` : "");
    const pivot = key => result.pivot && result.pivot[key]
        ? `<details class="pivot"><summary>English translation (compared)</summary><p>${escapeHtml(result.pivot[key])}</p></details>`
        : "";
    container.innerHTML =
      `<div class="summary"><span class="verdict ${result.verdict}">${result.verdict.replace("_", " ")}</span>` +
      `<span>score ${result.score.toFixed(3)}</span>` +
      `<span>coverage ${escapeHtml(labels[0])} ${pct(result.coverage.a)}, ${escapeHtml(labels[1])} ${pct(result.coverage.b)}</span>` +
      `<span>${passages.length} passage${passages.length === 1 ? "" : "s"}</span>` +
      (result.translated ? `<span class="legend">across languages: compared in English</span></div>`
                         : `<span class="legend"><mark>underlined</mark>: words the other side does not have</span></div>`) +
      `<div class="columns"><div class="doc" id="${prefix}-doc-a"><h2>${heading(0, "a")}</h2>${side(a, b, shown, "a", prefix, !result.translated)}${pivot("a")}</div>` +
      `<div class="doc" id="${prefix}-doc-b"><h2>${heading(1, "b")}</h2>${side(b, a, shown, "b", prefix, !result.translated)}${pivot("b")}</div></div>`;
    container.querySelectorAll(".passage").forEach(span => span.addEventListener("click", () => {
      const twin = document.getElementById(span.dataset.twin);
      if (!twin) return;
      twin.scrollIntoView({behavior: "smooth", block: "center"});
      for (const s of [span, twin]) {
        s.classList.add("flash");
        setTimeout(() => s.classList.remove("flash"), 1200);
      }
    }));
  }

  return {render, escapeHtml};
})();
