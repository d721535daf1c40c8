/* edzkg query UI: YASGUI pointed at /sparql, the questions of queries/ as ready-to-run examples,
   and a small SVG bar-chart result view (works offline: no external library). */
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("edzkg-config").textContent);
  const examples = JSON.parse(document.getElementById("edzkg-examples").textContent);

  function numeric(b) {
    return b && b.type !== "uri" && b.type !== "bnode" && b.value !== "" && isFinite(Number(b.value));
  }

  function shorten(iri, prefixes) {
    for (const [p, ns] of Object.entries(prefixes || {})) {
      if (iri.startsWith(ns) && iri.length > ns.length) return p + ":" + iri.slice(ns.length);
    }
    return iri;
  }

  /* A YASR plugin: one bar per row, label column and numeric column chosen by the user. */
  class EdzChart {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Chart";
      this.svg = null;
    }
    columns() {
      const r = this.yasr.results;
      const vars = (r && r.getVariables && r.getVariables()) || [];
      const rows = (r && r.getBindings && r.getBindings()) || [];
      const num = vars.filter((v) => rows.length && rows.every((b) => !b[v] || numeric(b[v])) && rows.some((b) => numeric(b[v])));
      const literal = (v) => rows.some((b) => b[v] && b[v].type === "literal");
      const labels = vars.filter((v) => !num.includes(v)).sort((a, b) => literal(b) - literal(a));
      return { vars, rows, num, labels };
    }
    canHandleResults() {
      const c = this.columns();
      return c.rows.length > 0 && c.num.length > 0;
    }
    getIcon() {
      const el = document.createElement("div");
      el.textContent = "\u2587";
      return el;
    }
    draw() {
      const c = this.columns();
      const box = document.createElement("div");
      box.className = "edz-chart";
      const controls = document.createElement("div");
      controls.className = "controls";
      const pick = (name, options, selected) => {
        const s = document.createElement("select");
        s.name = name;
        for (const o of options) {
          const opt = document.createElement("option");
          opt.value = opt.textContent = o;
          if (o === selected) opt.selected = true;
          s.appendChild(opt);
        }
        return s;
      };
      const labelSel = pick("label", c.labels.length ? c.labels : c.vars, (c.labels.length ? c.labels : c.vars)[0]);
      const valueSel = pick("value", c.num, c.num[0]);
      controls.append("label ", labelSel, "  value ", valueSel);
      box.appendChild(controls);
      const holder = document.createElement("div");
      box.appendChild(holder);
      const prefixes = (this.yasr.config && typeof this.yasr.config.prefixes === "object") ? this.yasr.config.prefixes : {};
      const render = () => {
        holder.textContent = "";
        this.svg = barChart(c.rows, labelSel.value, valueSel.value, prefixes);
        holder.appendChild(this.svg);
      };
      labelSel.onchange = valueSel.onchange = render;
      render();
      this.yasr.resultsEl.appendChild(box);
    }
    download() {
      if (!this.svg) return undefined;
      const svg = this.svg;
      return { contentType: "image/svg+xml", getData: () => svg.outerHTML, filename: "edzkg-chart.svg", title: "Download chart (SVG)" };
    }
  }

  function barChart(rows, labelVar, valueVar, prefixes) {
    const NS = "http://www.w3.org/2000/svg";
    const data = rows.filter((b) => numeric(b[valueVar])).slice(0, 60).map((b) => ({
      label: b[labelVar] ? (b[labelVar].type === "uri" ? shorten(b[labelVar].value, prefixes) : b[labelVar].value) : "",
      value: Number(b[valueVar].value),
    }));
    const barH = 22, labelW = 260, width = 900, pad = 8;
    const max = Math.max(0, ...data.map((d) => d.value));
    const min = Math.min(0, ...data.map((d) => d.value));
    const span = (max - min) || 1;
    const plotW = width - labelW - 120;
    const x = (v) => labelW + ((v - min) / span) * plotW;
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("viewBox", `0 0 ${width} ${data.length * barH + 2 * pad}`);
    svg.setAttribute("width", width);
    data.forEach((d, i) => {
      const y = pad + i * barH;
      const t = document.createElementNS(NS, "text");
      t.setAttribute("x", labelW - 6); t.setAttribute("y", y + barH * 0.68); t.setAttribute("text-anchor", "end");
      t.textContent = d.label.length > 40 ? d.label.slice(0, 39) + "\u2026" : d.label;
      const r = document.createElementNS(NS, "rect");
      r.setAttribute("class", "bar");
      r.setAttribute("x", Math.min(x(0), x(d.value))); r.setAttribute("y", y + 3);
      r.setAttribute("width", Math.max(1, Math.abs(x(d.value) - x(0)))); r.setAttribute("height", barH - 6);
      const tip = document.createElementNS(NS, "title");
      tip.textContent = `${d.label}: ${d.value}`;
      r.appendChild(tip);
      const v = document.createElementNS(NS, "text");
      v.setAttribute("x", Math.max(x(0), x(d.value)) + 4); v.setAttribute("y", y + barH * 0.68);
      v.textContent = d.value.toLocaleString();
      svg.append(t, r, v);
    });
    return svg;
  }

  Yasgui.Yasr.registerPlugin("chart", EdzChart);

  /* Class and property completion from this dataset (YASQE's defaults ask an online service). */
  const endpoint = new URL("/sparql", window.location.href).href;
  function terms(query) {
    return fetch(endpoint, {
      method: "POST",
      headers: { Accept: "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
      body: "query=" + encodeURIComponent(query),
    }).then((r) => r.json()).then((j) => j.results.bindings.map((b) => b.x.value)).catch(() => []);
  }
  const Yasqe = Yasgui.Yasqe;
  Yasqe.forkAutocompleter("property", {
    name: "edzkg-property", bulk: true, persistenceId: null,
    get: () => terms("SELECT DISTINCT ?x WHERE { GRAPH ?g { ?s ?x ?o } } ORDER BY ?x"),
  });
  Yasqe.forkAutocompleter("class", {
    name: "edzkg-class", bulk: true, persistenceId: null,
    get: () => terms("SELECT DISTINCT ?x WHERE { { GRAPH ?g { ?s a ?x } } UNION " +
      "{ GRAPH ?g { ?x a <http://www.w3.org/2002/07/owl#Class> } } FILTER(isIRI(?x)) } ORDER BY ?x"),
  });
  const bundled = Yasqe.Autocompleters.prefixes;  // YASQE's own list (offline), with ours first
  Yasqe.forkAutocompleter("prefixes", {
    name: "edzkg-prefixes", persistenceId: null,
    get: (yasqe, token) => Promise.resolve(bundled.get(yasqe, token)).then((list) => {
      const ours = Object.entries(cfg.prefixes).map(([p, ns]) => `${p}: <${ns}>`);
      const taken = new Set(Object.keys(cfg.prefixes).map((p) => p + ":"));
      return ours.concat(list.filter((line) => !taken.has(line.split(" ")[0])));
    }),
  });
  const replaced = ["property", "class", "prefixes"];
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter((n) => !replaced.includes(n));

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: new URL("/sparql", window.location.href).href, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: new URL("/sparql", window.location.href).href }] },
    persistenceId: "edzkg-" + cfg.base,
    populateFromUrl: true,
    yasqe: { value: cfg.defaultQuery },
    yasr: {
      prefixes: cfg.prefixes,
      pluginOrder: ["table", "chart", "response"],
      defaultPlugin: "table",
    },
  });
  window.edzkgYasgui = yasgui;

  /* Example questions: open in a new tab (or the tab already showing it) and run. */
  function tabName(ex) {
    const number = (ex.name.match(/^\d+/) || [""])[0];
    const title = ex.title.length > 36 ? ex.title.slice(0, 35) + "\u2026" : ex.title;
    return number ? `${number} ${title}` : title;
  }

  function runExample(i) {
    const ex = examples[i];
    const name = tabName(ex);
    let tab = Object.values(yasgui._tabs).find((t) => t.getName() === name);
    if (!tab) tab = yasgui.addTab(true, { name });
    else yasgui.selectTabId(tab.getId());
    tab.setQuery(ex.query);
    tab.query();
    document.querySelectorAll("#examples li").forEach((li, j) => li.classList.toggle("active", j === i));
  }
  document.querySelectorAll("#examples button.example").forEach((b) => {
    b.addEventListener("click", (ev) => { ev.preventDefault(); runExample(Number(b.dataset.index)); });
  });
})();
