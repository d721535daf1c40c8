// Run SPARQL queries through Comunica (npm @comunica/query-sparql) against one SPARQL endpoint.
// Usage: node comunica.mjs NODE_MODULES_PARENT ENDPOINT < queries.json > results.json
// stdin: a JSON list of query strings; stdout: a JSON list, one entry per query:
//   {"type": "bindings", "vars": [...], "rows": [{var: term}]} | {"type": "boolean", "value": b}
//   | {"type": "quads", "quads": [[s, p, o]]} | {"type": "error", "message": "..."}
// where a term is {"termType", "value", "language", "datatype"}.
import { createRequire } from "node:module";
import path from "node:path";

const [root, endpoint] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(root), "node_modules", "noop.js"));
const { QueryEngine } = require("@comunica/query-sparql");

const RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
const XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";

function term(t) {
  if (!t) return null;
  const out = { termType: t.termType, value: t.value };
  if (t.termType === "Literal") {
    // Comunica 4.5 pairs a sparqljson-parse that calls literal(value, {language, direction}) with an
    // rdf-data-factory that takes that object for the datatype: read the language from there too.
    const dt = t.datatype || {};
    out.language = t.language || (dt.termType ? "" : dt.language || "");
    out.datatype = dt.termType ? dt.value : out.language ? RDF_LANG_STRING : XSD_STRING;
  }
  return out;
}

async function run(engine, query) {
  const context = { sources: [{ type: "sparql", value: endpoint }], lenient: false };
  const result = await engine.query(query, context);
  if (result.resultType === "boolean") return { type: "boolean", value: await result.execute() };
  if (result.resultType === "quads") {
    const quads = await (await result.execute()).toArray();
    return { type: "quads", quads: quads.map((q) => [term(q.subject), term(q.predicate), term(q.object)]) };
  }
  const meta = await result.metadata();
  const vars = meta.variables.map((v) => (v.variable ? v.variable.value : v.value));
  const bindings = await (await result.execute()).toArray();
  const rows = bindings.map((b) => Object.fromEntries(vars.map((v) => [v, term(b.get(v))])));
  return { type: "bindings", vars, rows };
}

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const queries = JSON.parse(Buffer.concat(chunks).toString("utf-8"));
const engine = new QueryEngine();
const out = [];
for (const q of queries) {
  try {
    out.push(await run(engine, q));
  } catch (e) {
    out.push({ type: "error", message: String(e && e.message ? e.message : e) });
  }
}
process.stdout.write(JSON.stringify(out));
