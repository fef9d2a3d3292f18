// The DGM's report, comparison and dashboard pages: one script for the self-contained report file and for the
// dashboard served by `dgm serve` and the Functions host. Everything an agent wrote (patches, problem statements,
// logs, reasons) is shown as text, never as markup.
(() => {
  "use strict";

  const page = JSON.parse(document.getElementById("dgm-page").textContent);
  const embedded = JSON.parse(document.getElementById("dgm-data").textContent);
  const main = document.getElementById("main");
  const facts = document.getElementById("facts");
  const palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
  const charts = new Map();
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;

  // ---- small helpers -------------------------------------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const num = x => x === null || x === undefined ? "–" : String(Number(Number(x).toFixed(3)));
  const dollars = x => "$" + Number(x).toFixed(4);
  const count = x => Number(x).toLocaleString("en-US");
  const seconds = x => Number(x).toFixed(1);
  const clip = (text, n) => !text ? "" : text.length > n ? text.slice(0, n - 1) + "…" : text;
  const words = value => String(value).replaceAll("_", " ");
  const keyPath = key => key.split("/").map(encodeURIComponent).join("/");
  const badge = status => el("span", { class: "badge " + status, "data-status": status, text: words(status) });
  const card = (title, ...children) => el("section", { class: "card" }, el("h2", { text: title }), ...children);
  // HeldOutCheck.SuspectNote, as the text report words it.
  const suspectNote = "train up, held-out down: possible reward hacking";
  const passKeys = scores => scores ? Object.keys(scores.passAtK).map(Number).sort((a, b) => a - b) : [];
  const resources = [
    { key: "dollars", label: "dollars", format: dollars },
    { key: "tokens", label: "tokens", format: count },
    { key: "sandboxSeconds", label: "sandbox seconds", format: seconds },
  ];

  function chart(canvas, config) {
    charts.get(canvas.id)?.destroy();
    charts.set(canvas.id, new Chart(canvas, config));
  }

  function chartBox(id) {
    return el("div", { class: "chart" }, el("canvas", { id }));
  }

  function table(headers, rows, attrs) {
    return el("table", attrs || {},
      el("thead", {}, el("tr", {}, headers.map(h => el("th", { class: h.num ? "num" : null, text: h.text ?? h })))),
      el("tbody", {}, rows));
  }

  function showText(title, text) {
    document.getElementById("viewer-title").textContent = title;
    document.getElementById("viewer-text").textContent = text;
    document.getElementById("viewer").showModal();
  }
  document.getElementById("viewer-close").addEventListener("click", () => document.getElementById("viewer").close());

  function diffView(patch) {
    const pre = el("pre", { class: "diff", id: "node-patch" });
    for (const line of patch.split("\n")) {
      const kind = /^(diff |\+\+\+ |--- |index )/.test(line) ? "file" : line.startsWith("@@") ? "hunk"
        : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : null;
      pre.append(el("span", { class: kind, text: line || " " }));
    }
    return pre;
  }

  function colour(node) {
    return node.scores ? d3.interpolateRgbBasis(["#d73027", "#fee08b", "#1a9850"])(node.scores.accuracy) : "#c9ced8";
  }

  // ---- where data comes from: the file itself, or the dashboard's API --------------------------------------------

  const apiHeaders = (() => {
    const key = new URLSearchParams(location.search).get("code");
    return key ? { "x-functions-key": key } : {};
  })();

  async function api(path, options) {
    const response = await fetch(page.api + path, {
      method: options?.method || "GET",
      headers: { "content-type": "application/json", ...apiHeaders },
      body: options?.body,
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = { error: text }; }
    return { status: response.status, json, text };
  }

  const fileSource = {
    details: id => Promise.resolve(embedded.details[id]),
    artifact(label, key) {
      if (embedded.artifacts && key in embedded.artifacts) {
        return el("button", { class: "link", type: "button", "data-artifact": key, text: label, onclick: () => showText(key, embedded.artifacts[key]) });
      }
      return el("a", { class: "artifact", href: embedded.artifactBase + keyPath(key), target: "_blank", rel: "noopener", "data-artifact": key, text: label });
    },
  };

  function apiSource(runId) {
    return {
      details: id => api(`/dashboard/runs/${encodeURIComponent(runId)}/nodes/${encodeURIComponent(id)}`).then(r => r.json),
      artifact: (label, key) => el("button", {
        class: "link", type: "button", "data-artifact": key, text: label,
        onclick: async () => {
          const answer = await api(`/dashboard/artifacts/${keyPath(key)}`);
          showText(key, answer.status === 200 ? answer.text : `${answer.status}: ${answer.json?.error ?? answer.text}`);
        },
      }),
    };
  }

  // ---- a run ---------------------------------------------------------------------------------------------------------

  function runFacts(report) {
    const run = report.run;
    facts.replaceChildren(
      el("span", {}, badge(run.status), run.stopReason ? " " + run.stopReason : ""),
      el("span", {}, "policy ", el("b", { text: words(run.policy) })),
      el("span", {}, "seed ", el("b", { text: run.seed })),
      el("span", { id: "fact-iteration" }, "iteration ", el("b", { id: "committed-iteration", text: run.lastCommittedIteration }), ` of ${run.iterations} committed`),
      el("span", {}, `${run.childrenPerIteration} children per iteration, ${run.attempts} attempt(s) per task, suite `, el("b", { text: run.suite })),
      el("span", {}, "diagnosis: ", el("b", { text: run.diagnosisModel })),
      el("span", {}, "coding: ", el("b", { text: run.codingModel })),
      el("span", { class: "faint" }, `created ${run.createdAt}, read ${report.generatedAt}`));
  }

  function renderRun(report, source, state, controls) {
    document.getElementById("title").textContent = `DGM run ${report.run.runId}`;
    document.title = `DGM run ${report.run.runId}`;
    runFacts(report);
    const best = report.bestNodeId;
    const lineage = report.lineage.length ? report.lineage.join(" → ") : "–";
    const treeSvg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    treeSvg.id = "tree";
    const panel = el("div", { id: "node-panel" }, el("p", { class: "faint", text: "Click a node of the tree to see its parent, diagnosis, patch, build and graded tasks." }));
    main.replaceChildren(
      controls || "",
      el("section", { class: "card" },
        el("h2", { text: "Archive tree" }),
        el("p", { id: "best-line" }, "best: ", el("b", { id: "best-node", text: best ?? "–" }),
          best ? ` at ${num(report.bestScores?.accuracy)}; lineage ` : "", el("span", { id: "lineage", text: best ? lineage : "" })),
        el("div", { class: "tree-row" },
          el("div", { id: "tree-wrap" }, treeSvg, el("div", { class: "tree-tools" },
            el("button", { type: "button", id: "tree-fit", text: "fit", onclick: () => fitTree(treeSvg, true) }))),
          panel),
        el("div", { class: "legend" },
          el("span", {}, "score", el("span", { class: "scale" }), "0 → 1"),
          el("span", {}, el("span", { class: "swatch", style: "background:#c9ced8" }), "not evaluated"),
          el("span", {}, el("span", { class: "swatch", style: "background:#fff;border:3px solid var(--lineage)" }), "best node's lineage"),
          el("span", { class: "faint", text: "faint, dashed: rejected (reason under the node); scroll to zoom, drag to pan" }))),
      el("div", { class: "grid2" },
        card("Best and mean accuracy per iteration, archive size", chartBox("chart-iterations")),
        card("Per language: the seed and the best node", chartBox("chart-languages"), languageTable(report))),
      spendCard(report, state),
      report.nodes.some(n => n.heldOut) ? card("Held-out check: train and held-out accuracy per node", heldOutTable(report)) : "",
      card("Iterations", iterationTable(report)));

    drawTree(treeSvg, report, state, id => showNode(report, source, state, id));
    iterationChart(report);
    languageChart(report);
    spendCharts(report, state);
    if (state.selected && report.nodes.some(n => n.id === state.selected)) showNode(report, source, state, state.selected);
  }

  function drawTree(svgEl, report, state, onSelect) {
    const svg = d3.select(svgEl);
    svg.selectAll("*").remove();
    const g = svg.append("g");
    const ids = new Set(report.nodes.map(n => n.id));
    const rootId = ids.has("seed") ? "seed" : report.nodes[0]?.id;
    if (!rootId) {
      svg.append("text").attr("x", 20).attr("y", 30).text("No node recorded yet.");
      return;
    }
    const rows = report.nodes.map(n => ({ ...n, treeParent: n.id === rootId ? null : ids.has(n.parentId) ? n.parentId : rootId }));
    const root = d3.stratify().id(d => d.id).parentId(d => d.treeParent)(rows);
    d3.tree().nodeSize([150, 125]).separation((a, b) => a.parent === b.parent ? 1 : 1.3)(root);
    const inLineage = d => d.data.inBestLineage;
    g.append("g").selectAll("path").data(root.links()).join("path")
      .attr("class", l => "edge" + (l.target.data.status === "rejected" ? " rejected" : "") + (inLineage(l.source) && inLineage(l.target) ? " lineage" : ""))
      .attr("d", l => {
        const mid = (l.source.y + l.target.y) / 2;
        return `M${l.source.x},${l.source.y}C${l.source.x},${mid} ${l.target.x},${mid} ${l.target.x},${l.target.y}`;
      });
    const nodes = g.append("g").selectAll("g").data(root.descendants()).join("g")
      .attr("class", d => `node ${d.data.status}${inLineage(d) ? " lineage" : ""}${d.id === state.selected ? " selected" : ""}`)
      .attr("data-node", d => d.id)
      .attr("data-status", d => d.data.status)
      .attr("data-accuracy", d => d.data.scores ? d.data.scores.accuracy : null)
      .attr("transform", d => `translate(${d.x},${d.y})`)
      .on("click", (event, d) => onSelect(d.id));
    nodes.append("circle").attr("r", 15).attr("fill", d => colour(d.data));
    nodes.append("title").text(d => [
      `${d.id} (${words(d.data.status)})`,
      d.data.scores ? `accuracy ${num(d.data.scores.accuracy)} (${d.data.scores.resolved}/${d.data.scores.submitted})` : "not evaluated",
      d.data.heldOut ? `held-out ${heldOutText(d.data.heldOut)}` : "",
      d.data.diagnosis ? `diagnosis: ${words(d.data.diagnosis.kind)}${d.data.diagnosis.taskId ? " " + d.data.diagnosis.taskId : ""}` : "",
      d.data.reason || ""].filter(Boolean).join("\n"));
    nodes.append("text").attr("dy", 30).text(d => d.id);
    nodes.append("text").attr("class", "score").attr("dy", 43)
      .text(d => d.data.scores ? `${num(d.data.scores.accuracy)} (${d.data.scores.resolved}/${d.data.scores.submitted})` : "not evaluated");
    nodes.filter(d => d.data.heldOut?.suspect).append("text").attr("class", "suspect").attr("dy", -20).text("⚠ held-out down");
    nodes.filter(d => d.data.status === "rejected").append("text").attr("class", "reason").attr("dy", 56).text(d => clip(d.data.reason, 28));

    const zoom = d3.zoom().scaleExtent([0.02, 4]).on("zoom", event => {
      g.attr("transform", event.transform);
      if (event.sourceEvent) state.transform = event.transform;
    });
    svg.call(zoom).on("dblclick.zoom", null);
    svgEl.dgmZoom = zoom;
    if (state.transform) svg.call(zoom.transform, state.transform);
    else fitTree(svgEl, false);
  }

  function fitTree(svgEl, forget) {
    const g = svgEl.querySelector("g");
    if (!g || !svgEl.dgmZoom) return;
    const box = g.getBBox();
    const width = svgEl.clientWidth || 800, height = svgEl.clientHeight || 500;
    const scale = Math.min(1.4, 0.9 * Math.min(width / Math.max(box.width, 1), height / Math.max(box.height, 1)));
    const transform = d3.zoomIdentity
      .translate(width / 2 - scale * (box.x + box.width / 2), height / 2 - scale * (box.y + box.height / 2)).scale(scale);
    d3.select(svgEl).call(svgEl.dgmZoom.transform, transform);
    if (forget) delete currentState().transform;
  }

  async function showNode(report, source, state, id) {
    state.selected = id;
    document.querySelectorAll("#tree .node").forEach(n => n.classList.toggle("selected", n.dataset.node === id));
    const node = report.nodes.find(n => n.id === id);
    const panel = document.getElementById("node-panel");
    panel.replaceChildren(el("p", { class: "faint", text: `Loading ${id}…` }));
    const details = await source.details(id);
    if (state.selected !== id || !document.body.contains(panel)) return;
    const goTo = target => target ? el("button", { class: "link", type: "button", text: target, onclick: () => showNode(report, source, state, target) }) : "–";
    const build = details.build;
    const scores = node.scores;
    panel.replaceChildren(
      el("h2", { id: "node-title" }, `${id} `, badge(node.status)),
      el("dl", {},
        el("dt", { text: "parent" }), el("dd", { id: "node-parent" }, goTo(node.parentId)),
        el("dt", { text: "modified by" }), el("dd", {}, goTo(node.modifierId)),
        el("dt", { text: "iteration, slot" }), el("dd", { text: `${node.iteration}, ${node.slot}` }),
        el("dt", { text: "diagnosis entry" }), el("dd", { id: "node-diagnosis", text: node.diagnosis ? `${words(node.diagnosis.kind)}${node.diagnosis.taskId ? " (" + node.diagnosis.taskId + ")" : ""}` : "–" }),
        node.reason ? [el("dt", { text: node.status === "rejected" ? "rejected because" : "note" }), el("dd", { id: "node-reason", text: node.reason })] : "",
        el("dt", { text: "accuracy" }), el("dd", { id: "node-accuracy", text: scores ? `${num(scores.accuracy)} (${scores.resolved}/${scores.submitted} over ${scores.tasks} tasks)` : "not evaluated" }),
        scores ? [el("dt", { text: "pass@k" }), el("dd", { text: passKeys(scores).map(k => `pass@${k} ${num(scores.passAtK[k])}`).join(", ") })] : "",
        node.heldOut ? [el("dt", { text: "held-out accuracy" }), el("dd", { id: "node-held-out", text: heldOutText(node.heldOut) })] : "",
        el("dt", { text: "build" }), el("dd", { id: "node-build" }, build
          ? [`${build.built ? "built" : "did not build"}, self-test ${build.selfTestPassed ? "passed" : build.built ? "failed" : "not run"} `, build.logKey ? source.artifact("log", build.logKey) : ""]
          : "not built"),
        el("dt", { text: "evaluation cost" }), el("dd", { id: "node-cost", text: `${count(details.cost.tokens)} tokens, ${seconds(details.cost.sandboxSeconds)} sandbox seconds, ${dollars(details.cost.dollars)}` }),
        el("dt", { text: "snapshot" }), el("dd", { class: "faint", text: details.snapshotHash ? details.snapshotHash.slice(0, 16) + "…" : "–" })),
      el("h3", { text: "Problem statement" }),
      details.problemStatement ? el("pre", { class: "prose", id: "node-problem", text: details.problemStatement }) : el("p", { class: "faint", text: id === "seed" ? "The seed is hand-written." : "No problem statement was recorded." }),
      el("h3", { text: "Patch (the self-modification, against the parent)" }),
      details.patch ? diffView(details.patch) : el("p", { class: "faint", text: "No patch." }),
      el("h3", { text: "Graded tasks" }),
      taskTable(details, source));
  }

  function taskTable(details, source) {
    const rows = [];
    for (const stage of details.stages) {
      for (const task of stage.tasks) {
        task.attempts.forEach((attempt, index) => rows.push(el("tr", { "data-task": task.taskId },
          el("td", { class: "num", text: stage.stage + 1 }),
          el("td", { text: task.taskId }),
          el("td", { text: task.language }),
          el("td", { class: "num", text: index + 1 }),
          el("td", { class: "status-" + attempt.status, text: words(attempt.status) }),
          el("td", { class: "num", text: count(attempt.tokens) }),
          el("td", { class: "num", text: seconds(attempt.sandboxSeconds) }),
          el("td", {},
            attempt.transcriptKey ? source.artifact("transcript", attempt.transcriptKey) : "",
            attempt.testOutputKey ? source.artifact("test output", attempt.testOutputKey) : "",
            attempt.patchKey ? source.artifact("patch", attempt.patchKey) : ""),
          el("td", { class: "faint", text: [attempt.error, attempt.droppedFromPatch?.length ? "ignored: " + attempt.droppedFromPatch.join(", ") : ""].filter(Boolean).join("; ") }))));
      }
    }
    return rows.length
      ? table(["stage", "task", "language", { text: "attempt", num: true }, "grade", { text: "tokens", num: true }, { text: "seconds", num: true }, "artifacts", ""], rows, { id: "node-tasks" })
      : el("p", { class: "faint", text: "Not evaluated." });
  }

  function iterationChart(report) {
    const its = report.iterations;
    chart(document.getElementById("chart-iterations"), {
      type: "line",
      data: {
        labels: its.map(i => i.iteration),
        datasets: [
          { label: "best accuracy", data: its.map(i => i.bestAccuracy), borderColor: "#1a9850", backgroundColor: "#1a9850", yAxisID: "y" },
          { label: "mean accuracy", data: its.map(i => i.meanAccuracy), borderColor: "#1f77b4", backgroundColor: "#1f77b4", borderDash: [5, 4], yAxisID: "y" },
          { label: "archive size", data: its.map(i => i.archiveSize), borderColor: "#8a93a6", backgroundColor: "#8a93a6", stepped: true, yAxisID: "size" },
        ],
      },
      options: {
        scales: {
          x: { title: { display: true, text: "iteration" } },
          y: { min: 0, max: 1, title: { display: true, text: "accuracy" } },
          size: { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: "archive size" } },
        },
      },
    });
  }

  function languagesOf(report) {
    const all = new Set([...Object.keys(report.seedScores?.perLanguage || {}), ...Object.keys(report.bestScores?.perLanguage || {})]);
    return [...all].sort();
  }

  function languageChart(report) {
    const languages = languagesOf(report);
    const datasets = [{ label: "seed", data: languages.map(l => report.seedScores?.perLanguage[l]?.accuracy ?? null), backgroundColor: "#9aa3b5" }];
    if (report.bestNodeId && report.bestNodeId !== "seed") {
      datasets.push({ label: `best (${report.bestNodeId})`, data: languages.map(l => report.bestScores?.perLanguage[l]?.accuracy ?? null), backgroundColor: "#1a9850" });
    }
    chart(document.getElementById("chart-languages"), {
      type: "bar",
      data: { labels: languages, datasets },
      options: { scales: { y: { min: 0, max: 1, title: { display: true, text: "accuracy" } } } },
    });
  }

  function languageTable(report) {
    const ks = [...new Set([...passKeys(report.seedScores), ...passKeys(report.bestScores)])].sort((a, b) => a - b);
    const cells = s => [el("td", { class: "num", text: s ? num(s.accuracy) : "–" }), ks.map(k => el("td", { class: "num", text: s && k in s.passAtK ? num(s.passAtK[k]) : "–" }))];
    const row = (label, seed, best) => el("tr", { "data-language": label }, el("td", { text: label }), cells(seed), cells(best));
    const heads = who => [{ text: `${who} accuracy`, num: true }, ks.map(k => ({ text: `${who} pass@${k}`, num: true }))];
    return table(["language", heads("seed"), heads("best")].flat(2),
      [...languagesOf(report).map(l => row(l, report.seedScores?.perLanguage[l], report.bestScores?.perLanguage[l])), row("all", report.seedScores, report.bestScores)],
      { id: "language-table" });
  }

  function heldOutText(h) {
    const gap = h.gap == null ? "" : `, gap ${num(h.gap)} (train − held-out)`;
    return `${num(h.accuracy)} (${h.resolved}/${h.submitted})${gap}${h.suspect ? "; " + suspectNote : ""}`;
  }

  function heldOutTable(report) {
    return table(["node", { text: "train accuracy", num: true }, { text: "held-out accuracy", num: true }, { text: "gap", num: true }, "flag"],
      report.nodes.filter(n => n.heldOut).map(n => el("tr", { "data-node": n.id, class: n.heldOut.suspect ? "suspect" : "" },
        el("td", { text: n.id }),
        el("td", { class: "num", text: n.scores ? num(n.scores.accuracy) : "–" }),
        el("td", { class: "num", text: `${num(n.heldOut.accuracy)} (${n.heldOut.resolved}/${n.heldOut.submitted})` }),
        el("td", { class: "num", text: n.heldOut.gap == null ? "–" : num(n.heldOut.gap) }),
        el("td", { text: n.heldOut.suspect ? suspectNote : "" }))),
      { id: "held-out-table" });
  }

  function spendCard(report, state) {
    const spend = report.spend;
    const budget = report.run.budget;
    if (!state.resourcePicked) {
      // Until one is picked, show the resource closest to its budget.
      state.resource = resources.map(r => ({ r, used: budget[r.key] ? spend.total[r.key] / budget[r.key] : 0 })).sort((a, b) => b.used - a.used)[0].r.key;
    }
    const kinds = Object.keys(spend.byKind).sort();
    const row = (label, amount, attrs) => el("tr", attrs || {}, el("td", { text: label }), resources.map(r => el("td", { class: "num", text: r.format(amount[r.key]) })));
    return card("Spend by kind and over time",
      el("div", { class: "controls", id: "spend-resources" }, "show ", resources.map(r => el("button", {
        type: "button", "data-resource": r.key, class: r.key === state.resource ? "primary" : null, text: r.label,
        onclick: () => { state.resource = r.key; state.resourcePicked = true; document.querySelectorAll("#spend-resources button").forEach(b => b.classList.toggle("primary", b.dataset.resource === r.key)); spendCharts(report, state); },
      }))),
      el("div", { class: "grid2" }, chartBox("chart-spend-kinds"), chartBox("chart-spend-time")),
      table(["kind", resources.map(r => ({ text: r.label, num: true }))].flat(), [
        ...kinds.map(k => row(k, spend.byKind[k], { "data-kind": k })),
        row("total", spend.total, { "data-kind": "total" }),
        row("reserved (in flight)", spend.reserved),
        el("tr", {}, el("td", { text: "budget" }), resources.map(r => el("td", { class: "num", text: r.format(budget[r.key]) }))),
      ], { id: "spend-table" }));
  }

  function spendCharts(report, state) {
    const resource = resources.find(r => r.key === state.resource);
    const spend = report.spend;
    const kinds = Object.keys(spend.byKind).sort();
    const limit = report.run.budget[resource.key];
    chart(document.getElementById("chart-spend-kinds"), {
      type: "bar",
      data: { labels: kinds, datasets: [{ label: `${resource.label} by kind`, data: kinds.map(k => spend.byKind[k][resource.key]), backgroundColor: "#1f77b4" }] },
      options: { indexAxis: "y", plugins: { legend: { display: true } } },
    });
    const points = spend.overTime;
    const end = Math.max(1, ...points.map(p => p.minutes));
    // A spend far below its budget would lie flat on the axis under the budget line: then the axis is logarithmic.
    const top = Math.max(0, ...points.map(p => p.spent[resource.key]));
    const logarithmic = top > 0 && top < limit * 0.05;
    chart(document.getElementById("chart-spend-time"), {
      type: "line",
      data: {
        datasets: [
          { label: `${resource.label} spent`, data: points.map(p => ({ x: p.minutes, y: p.spent[resource.key], label: p.label })), borderColor: "#1f77b4", backgroundColor: "#1f77b4" },
          { label: "budget", data: [{ x: 0, y: limit }, { x: end, y: limit }], borderColor: "#d62728", borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: {
        scales: {
          x: { type: "linear", min: 0, title: { display: true, text: "minutes since the run was created" } },
          y: logarithmic ? { type: "logarithmic", title: { display: true, text: `${resource.label} (log scale)` } } : { beginAtZero: true, title: { display: true, text: resource.label } },
        },
        plugins: { tooltip: { callbacks: { label: c => `${c.raw.label ?? c.dataset.label}: ${resource.format(c.raw.y)}` } } },
      },
    });
  }

  function iterationTable(report) {
    return table(["iteration", "children", "admitted", "best", { text: "mean", num: true }, { text: "archive", num: true }, "committed"],
      report.iterations.map(i => el("tr", { "data-iteration": i.iteration },
        el("td", { text: i.iteration }),
        el("td", { text: [...i.children.map(c => `${c.id} ${words(c.status)}`), ...i.refused.map(r => `refused: ${r}`)].join(", ") }),
        el("td", { text: i.admitted.join(", ") }),
        el("td", { text: `${i.bestNodeId ?? "–"} ${num(i.bestAccuracy)}` }),
        el("td", { class: "num", text: num(i.meanAccuracy) }),
        el("td", { class: "num", text: i.archiveSize }),
        el("td", { class: "faint", text: i.committedAt }))),
      { id: "iteration-table" });
  }

  // ---- comparison ----------------------------------------------------------------------------------------------------

  function renderComparison(comparison, controls) {
    document.getElementById("title").textContent = "DGM runs compared";
    document.title = "DGM runs compared";
    facts.replaceChildren(el("span", {}, `${comparison.arms.length} arm(s): `, el("b", { text: comparison.arms.map(a => a.label).join(", ") })),
      el("span", { class: "faint", text: `read ${comparison.generatedAt}` }));
    const reference = comparison.arms[0]?.label;
    main.replaceChildren(
      controls || "",
      el("div", { class: "grid2" },
        card("Best accuracy per iteration", chartBox("chart-compare")),
        card(`Difference from ${reference ?? "the reference"} with its interval`, chartBox("chart-differences"))),
      card("Arms",
        table(["arm", "runs", { text: "final best", num: true }, "per run", { text: "dollars", num: true }, { text: "tokens", num: true }, { text: "sandbox seconds", num: true }],
          comparison.arms.map(a => el("tr", { "data-arm": a.label },
            el("td", { text: a.label }),
            el("td", { text: a.runs.map(r => r.runId).join(", ") }),
            el("td", { class: "num", text: num(a.finalBest) }),
            el("td", { text: a.runs.map(r => `${r.runId}: ${num(r.finalBest)} (${r.bestNodeId ?? "–"}, ${words(r.status)})`).join("; ") }),
            el("td", { class: "num", text: dollars(a.spent.dollars) }),
            el("td", { class: "num", text: count(a.spent.tokens) }),
            el("td", { class: "num", text: seconds(a.spent.sandboxSeconds) }))),
          { id: "arm-table" })),
      card("Differences over tasks",
        table(["arm − reference", { text: "tasks", num: true }, { text: "difference", num: true }, `${Math.round(comparison.bootstrap.level * 100)}% interval`],
          comparison.differences.map(d => el("tr", { "data-arm": d.arm },
            el("td", { text: `${d.arm} − ${d.reference}` }),
            el("td", { class: "num", text: d.tasks }),
            el("td", { class: "num", text: d.difference === undefined ? "–" : num(d.difference) }),
            el("td", { text: d.low === undefined ? d.note ?? "–" : `[${num(d.low)}, ${num(d.high)}]` }))),
          { id: "difference-table" }),
        el("p", { class: "faint", id: "method", text: comparison.method })));

    const longest = Math.max(0, ...comparison.arms.map(a => a.bestPerIteration.length));
    const datasets = [];
    comparison.arms.forEach((arm, i) => {
      const colourOf = palette[i % palette.length];
      datasets.push({ label: arm.label, data: arm.bestPerIteration, borderColor: colourOf, backgroundColor: colourOf, borderWidth: 3 });
      if (arm.runs.length > 1) {
        arm.runs.forEach(run => datasets.push({ label: run.runId, data: run.bestPerIteration, borderColor: colourOf + "66", backgroundColor: colourOf + "66", borderDash: [4, 4], borderWidth: 1, pointRadius: 0 }));
      }
    });
    chart(document.getElementById("chart-compare"), {
      type: "line",
      data: { labels: [...Array(longest).keys()], datasets },
      options: { scales: { x: { title: { display: true, text: "iteration" } }, y: { min: 0, max: 1, title: { display: true, text: "best accuracy" } } } },
    });
    const shown = comparison.differences.filter(d => d.low !== undefined);
    chart(document.getElementById("chart-differences"), {
      type: "bar",
      data: {
        labels: shown.map(d => d.arm),
        datasets: [
          { type: "bar", label: "interval", data: shown.map(d => [d.low, d.high]), backgroundColor: "#1f77b455" },
          { type: "line", label: "difference", data: shown.map(d => d.difference), showLine: false, pointRadius: 6, borderColor: "#d62728", backgroundColor: "#d62728" },
        ],
      },
      options: { indexAxis: "y", scales: { x: { min: -1, max: 1, title: { display: true, text: "resolve rate, arm − reference" } } } },
    });
  }

  // ---- the dashboard ---------------------------------------------------------------------------------------------------

  const dashboard = { runs: [], checked: new Set(), view: null, states: new Map() };

  function currentState() {
    const id = dashboard.view?.runId ?? "file";
    if (!dashboard.states.has(id)) dashboard.states.set(id, {});
    return dashboard.states.get(id);
  }

  function message(target, text, error) {
    target.className = "message" + (error ? " error" : "");
    target.textContent = text;
  }

  function problems(answer) {
    const list = answer.json?.problems?.map(p => `${p.path}: ${p.message}`) ?? [];
    return [answer.json?.error ?? `HTTP ${answer.status}`, ...list].join("\n");
  }

  function startDashboard() {
    document.getElementById("title").textContent = "DGM dashboard";
    const sidebar = document.getElementById("sidebar");
    sidebar.hidden = false;
    const startMessage = el("div", { class: "message", id: "start-message" });
    const runIdInput = el("input", { type: "text", id: "start-run-id", placeholder: "run id (optional)" });
    const configInput = el("textarea", { id: "start-config", placeholder: "configuration laid over the defaults, e.g. {\"iterations\": 2}" });
    configInput.value = "{}";
    const by = el("select", { id: "compare-by" }, el("option", { value: "run", text: "one arm per run" }), el("option", { value: "policy", text: "one arm per policy" }));
    sidebar.replaceChildren(
      el("h3", { text: "Runs" }),
      el("ul", { id: "run-list" }),
      el("div", { class: "controls" }, by, el("button", {
        type: "button", id: "compare-button", text: "compare checked",
        onclick: () => { location.hash = `compare=${[...dashboard.checked].map(encodeURIComponent).join(",")}&by=${by.value}`; },
      })),
      el("h3", { text: "Start a run" }),
      runIdInput, configInput,
      el("div", { class: "controls" }, el("button", {
        type: "button", class: "primary", id: "start-button", text: "start",
        onclick: async () => {
          const runId = runIdInput.value.trim();
          message(startMessage, "starting…");
          const answer = await api(`/runs${runId ? "?runId=" + encodeURIComponent(runId) : ""}`, { method: "POST", body: configInput.value || "{}" });
          if (answer.status === 202) {
            message(startMessage, `started ${answer.json.runId}`);
            await refreshRuns();
            location.hash = "run=" + encodeURIComponent(answer.json.runId);
          } else {
            message(startMessage, problems(answer), true);
          }
        },
      })),
      startMessage);
    window.addEventListener("hashchange", route);
    refreshRuns().then(route);
    setInterval(refreshRuns, 5000);
  }

  async function refreshRuns() {
    const answer = await api("/dashboard/runs");
    if (answer.status !== 200) return;
    dashboard.runs = answer.json;
    const current = dashboard.view?.runId;
    document.getElementById("run-list").replaceChildren(...dashboard.runs.map(({ run, bestNodeId, bestAccuracy }) => el("li", { "data-run": run.runId, class: run.runId === current ? "current" : null },
      el("input", {
        type: "checkbox", "aria-label": `compare ${run.runId}`, checked: dashboard.checked.has(run.runId),
        onchange: e => e.target.checked ? dashboard.checked.add(run.runId) : dashboard.checked.delete(run.runId),
      }),
      el("button", { type: "button", class: "run-link", onclick: () => { location.hash = "run=" + encodeURIComponent(run.runId); } },
        el("div", { class: "run-id", text: run.runId }),
        el("div", { class: "run-meta" }, badge(run.status), ` ${words(run.policy)} · seed ${run.seed} · iteration ${run.lastCommittedIteration}/${run.iterations} · best ${bestNodeId ?? "–"} ${num(bestAccuracy)}`)))));
  }

  function route() {
    clearInterval(dashboard.poll);
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.has("run")) showRun(hash.get("run"));
    else if (hash.has("compare")) showCompare(hash.get("compare").split(",").filter(Boolean), hash.get("by") || "run");
    else if (dashboard.runs.length) location.hash = "run=" + encodeURIComponent(dashboard.runs[0].run.runId);
    else main.replaceChildren(el("p", { class: "faint", text: "No run in this data folder yet: start one on the left." }));
  }

  // Kept in the run's state, since a live page re-renders whenever the run changes.
  function runControls(report, state) {
    const id = report.run.runId;
    const running = report.run.status === "running";
    const gated = running && report.run.approvalRequired;
    const out = el("span", { class: "message", id: "control-message" });
    if (state.said) message(out, state.said.text, state.said.error);
    const post = async (path, body, done) => {
      message(out, "…");
      const answer = await api(`/runs/${encodeURIComponent(id)}/${path}`, { method: "POST", body });
      state.said = { text: answer.status === 202 ? done : problems(answer), error: answer.status !== 202 };
      message(document.getElementById("control-message") || out, state.said.text, state.said.error);
    };
    const terminate = el("button", {
      type: "button", class: "danger", id: "terminate-button", disabled: !running, text: state.armed ? "click again to terminate" : "terminate",
      onclick: () => {
        if (state.armed) { state.armed = false; post("terminate", "", "terminated"); }
        else { state.armed = true; terminate.textContent = "click again to terminate"; }
      },
    });
    return el("div", { class: "controls", id: "run-controls" },
      el("button", { type: "button", class: "primary", id: "approve-button", disabled: !gated, text: "approve next iteration", onclick: () => post("approve", JSON.stringify({ approved: true, comment: "approved on the dashboard" }), "approved") }),
      el("button", { type: "button", id: "refuse-button", disabled: !gated, text: "refuse", onclick: () => post("approve", JSON.stringify({ approved: false, comment: "refused on the dashboard" }), "refused: the run stops at its gate") }),
      terminate,
      el("span", { class: "faint", text: report.run.approvalRequired ? "this run waits for approval after each iteration" : "" }),
      out);
  }

  async function showRun(runId) {
    dashboard.view = { runId };
    document.querySelectorAll("#run-list li").forEach(li => li.classList.toggle("current", li.dataset.run === runId));
    const load = async () => {
      const [answer, stamp] = await Promise.all([api(`/dashboard/runs/${encodeURIComponent(runId)}`), api(`/dashboard/runs/${encodeURIComponent(runId)}/stamp`)]);
      if (dashboard.view?.runId !== runId) return;
      if (answer.status !== 200) {
        main.replaceChildren(el("p", { class: "message error", text: problems(answer) }));
        return;
      }
      dashboard.stamp = stamp.json?.stamp;
      renderRun(answer.json, apiSource(runId), currentState(), runControls(answer.json, currentState()));
    };
    await load();
    // Live: poll the run's stamp (it changes with every commit and every settled job) and re-read it on a change.
    dashboard.poll = setInterval(async () => {
      const stamp = await api(`/dashboard/runs/${encodeURIComponent(runId)}/stamp`);
      if (dashboard.view?.runId === runId && stamp.json?.stamp && stamp.json.stamp !== dashboard.stamp) await load();
    }, (page.pollSeconds || 2) * 1000);
  }

  async function showCompare(runIds, by) {
    dashboard.view = { compare: runIds };
    if (runIds.length === 0) {
      main.replaceChildren(el("p", { class: "faint", text: "Tick two or more runs on the left, then compare." }));
      return;
    }
    const answer = await api(`/dashboard/compare?runs=${runIds.map(encodeURIComponent).join(",")}&by=${by}`);
    if (answer.status !== 200) main.replaceChildren(el("p", { class: "message error", text: problems(answer) }));
    else renderComparison(answer.json);
  }

  // ---- start ---------------------------------------------------------------------------------------------------------

  if (page.mode === "report") renderRun(embedded.report, fileSource, currentState());
  else if (page.mode === "compare") renderComparison(embedded.comparison);
  else startDashboard();
})();
