// retold report: a self-contained page for one pair or a dedup run. The
// data sits in the page as JSON (#retold-data); nothing is fetched.
"use strict";

(() => {
  const data = JSON.parse(document.getElementById("retold-data").textContent);
  const main = document.getElementById("main");
  const esc = retoldViewer.escapeHtml;

  if (data.kind === "pair") {
    retoldViewer.render(main, data.a.text, data.b.text, data.result, [data.a.name, data.b.name]);
    return;
  }

  // A dedup run: families, the score distribution, and every pair on demand.
  const texts = data.documents;
  const bins = new Array(10).fill(0);
  for (const p of data.pairs) bins[Math.min(9, Math.floor(p.score * 10))]++;
  const top = Math.max(1, ...bins);
  // Bars of at most 100 px under a 20 px band for their labels.
  let chart = `<svg width="420" height="150" role="img" aria-label="score distribution">`;
  bins.forEach((n, i) => {
    const h = Math.round(100 * n / top);
    chart += `<rect x="${10 + i * 40}" y="${120 - h}" width="34" height="${h}" fill="#4a78c2"><title>${n} pairs</title></rect>` +
             `<text x="${27 + i * 40}" y="136" font-size="10" text-anchor="middle">${(i / 10).toFixed(1)}</text>` +
             (n ? `<text x="${27 + i * 40}" y="${116 - h}" font-size="10" text-anchor="middle">${n}</text>` : "");
  });
  chart += `<text x="210" y="149" font-size="10" text-anchor="middle">score of each derived pair</text></svg>`;

  const byCluster = new Map();
  for (const m of data.clusters) {
    if (!byCluster.has(m.cluster)) byCluster.set(m.cluster, []);
    byCluster.get(m.cluster).push(m);
  }
  const pairsOf = new Map();
  data.pairs.forEach((p, i) => {
    for (const id of [p.a, p.b]) {
      if (!pairsOf.has(id)) pairsOf.set(id, []);
      pairsOf.get(id).push(i);
    }
  });
  // Families of whole copies (two or more members); a document that only
  // shares a passage with another family is a family of one, shown below.
  let rows = "", families = 0;
  for (const [cluster, members] of byCluster) {
    if (members.length < 2) continue;
    families++;
    const original = members.find(m => m.original);
    const kinds = {};
    members.filter(m => !m.original).forEach(m => kinds[m.relation] = (kinds[m.relation] || 0) + 1);
    const links = new Set();
    members.forEach(m => (pairsOf.get(m.id) || []).forEach(i => {
      if (data.pairs[i].verdict !== "partial") links.add(i);
    }));
    let coverage = 0;
    links.forEach(i => coverage = Math.max(coverage, Math.min(data.pairs[i].coverage.a, data.pairs[i].coverage.b)));
    const basis = original && original.original_basis ? ` <small>(${esc(original.original_basis)})</small>` :
                  ` <small>(undecided)</small>`;
    rows += `<tr><td>${cluster}</td><td>${members.length}</td><td>${esc(original ? original.id : "")}${basis}</td>` +
            `<td>${Object.entries(kinds).map(([k, n]) => `${esc(k)} ${n}`).join(", ")}</td>` +
            `<td><span class="bar"><div style="width:${(100 * coverage).toFixed(0)}%"></div></span> ${(100 * coverage).toFixed(0)}%</td>` +
            `<td>${[...links].map(i => `<a data-pair="${i}">${i + 1}</a>`).join(" ")}</td></tr>`;
  }
  // Passages reused across families: the partial pairs, each a link
  // between two families, with the side that holds the original.
  const clusterOf = new Map(data.clusters.map(m => [m.id, m.cluster]));
  let reused = "", partials = 0;
  data.pairs.forEach((p, i) => {
    if (p.verdict !== "partial") return;
    partials++;
    reused += `<tr><td><a data-pair="${i}">${i + 1}</a></td><td>${esc(p.a)} <small>(family ${clusterOf.get(p.a)})</small></td>` +
              `<td>${esc(p.b)} <small>(family ${clusterOf.get(p.b)})</small></td>` +
              `<td>${p.source ? esc(p.source) + ` <small>(${esc(p.source_reason)})</small>` : "undecided"}</td>` +
              `<td>${p.passages.length}</td><td>${(100 * p.coverage.a).toFixed(0)}% / ${(100 * p.coverage.b).toFixed(0)}%</td></tr>`;
  });
  // Recurring passages: found in so many documents that they are listed
  // once, with their documents, rather than as pairs.
  const recurring = data.recurring || [];
  let recurringRows = "";
  for (const r of recurring.slice(0, 200)) {
    const ids = r.ids.slice(0, 8).map(esc).join(", ") + (r.ids.length > 8 ? `, … (${r.ids.length - 8} more)` : "");
    const text = r.text.length > 300 ? r.text.slice(0, 300) + "…" : r.text;
    recurringRows += `<tr><td>${r.documents}</td><td class="quote">${esc(text)}</td><td>${ids}</td></tr>`;
  }
  main.innerHTML =
    `<div class="summary"><span>${data.pairs.length} derived pairs</span><span>${families} families of copies</span>` +
    `<span>${partials} passages reused across families</span><span>${recurring.length} recurring passages</span></div>${chart}` +
    `<h2>Families</h2><table id="families"><tr><th>family</th><th>size</th><th>original</th>` +
    `<th>copies</th><th>coverage (best pair)</th><th>pairs</th></tr>${rows}</table>` +
    `<h2>Passages reused across families</h2><table id="reused"><tr><th>pair</th><th>document</th>` +
    `<th>document</th><th>source</th><th>passages</th><th>coverage</th></tr>${reused}</table>` +
    `<h2>Recurring passages</h2><table id="recurring"><tr><th>documents</th><th>text</th><th>found in</th></tr>` +
    `${recurringRows}</table>` + (recurring.length > 200 ? `<p>${recurring.length - 200} more in recurring.jsonl</p>` : "") +
    `<h2 id="pair-title"></h2><div id="pair"></div>`;
  main.querySelectorAll("a[data-pair]").forEach(a => a.addEventListener("click", () => {
    const p = data.pairs[Number(a.dataset.pair)];
    document.getElementById("pair-title").textContent = `Pair ${Number(a.dataset.pair) + 1}: ${p.a} and ${p.b}`;
    const target = document.getElementById("pair");
    retoldViewer.render(target, texts[p.a] || "", texts[p.b] || "", p, [p.a, p.b], "pair");
    target.scrollIntoView({behavior: "smooth"});
  }));
})();
