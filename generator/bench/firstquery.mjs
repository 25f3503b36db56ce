// Measures what a first query fetches, under node, with the real clients:
// static/js/search.js over the generator's index, and Pagefind's own
// pagefind.js over its index. Every query starts cold (new client, empty
// cache); fetches are served from disk and counted as they would travel:
// gzip (level 6, what servers use on the fly) for text, the file's own
// size for Pagefind's binary files (they are gzip-compressed already).
//
// node firstquery.mjs <config.json>  →  JSON on stdout
// config: {searchJS, public, manifest, script, pagefind, queries: [{kind, q, want}], shown}
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const cfg = JSON.parse(readFileSync(process.argv[2], "utf8"));
const { Searcher } = await import(pathToFileURL(cfg.searchJS).href);

const gz = (buf) => gzipSync(buf, { level: 6 }).length;
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[(s.length - 1) >> 1] : 0; };

async function ours(q) {
  const fetched = [];
  const script = readFileSync(join(cfg.public, cfg.script));
  fetched.push({ name: cfg.script, bytes: gz(script) });
  const start = performance.now();
  const s = new Searcher(cfg.manifest, async (url) => {
    const buf = readFileSync(join(cfg.public, url));
    fetched.push({ name: url, bytes: gz(buf) });
    return JSON.parse(buf.toString("utf8"));
  });
  const results = await s.search(q, 10);
  const ms = performance.now() - start;
  const url = results.length ? results[0].url.replace(/#.*/, "") : "";
  return { bytes: fetched.reduce((a, f) => a + f.bytes, 0), files: fetched.length, top: url, ms };
}

let pfRun = 0;
let pfFetched = [];
if (cfg.pagefind) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input) => {
    const u = typeof input === "string" ? input : input.url;
    if (!u.startsWith("file:")) return realFetch(input);
    const file = fileURLToPath(u.replace(/\?.*$/, ""));
    const buf = readFileSync(file);
    const binary = /\.(pf_meta|pf_index|pf_fragment|pagefind)$/.test(file);
    pfFetched.push({ name: file, bytes: binary ? buf.length : gz(buf) });
    return new Response(buf, { status: 200 });
  };
}

async function pagefind(q) {
  pfFetched = [];
  const entry = join(cfg.pagefind, "pagefind.js");
  pfFetched.push({ name: entry, bytes: gz(readFileSync(entry)) });
  const start = performance.now();
  // A fresh module instance per query: a cold client.
  const pf = await import(pathToFileURL(entry).href + "?run=" + pfRun++);
  await pf.options({ baseUrl: "/" });
  await pf.init();
  const search = await pf.search(q);
  const data = await Promise.all(search.results.slice(0, cfg.shown).map((r) => r.data()));
  const ms = performance.now() - start;
  const top = data.length ? new URL(data[0].url, "https://x/").pathname.replace(/index\.html$/, "") : "";
  return { bytes: pfFetched.reduce((a, f) => a + f.bytes, 0), files: pfFetched.length, top, ms };
}

const out = { ours: [], pagefind: [], pagefindError: "" };
for (const { kind, q, want } of cfg.queries) {
  const r = await ours(q);
  out.ours.push({ kind, q, want, ...r, hit: r.top === want });
}
if (cfg.pagefind) {
  try {
    for (const { kind, q, want } of cfg.queries) {
      const r = await pagefind(q);
      out.pagefind.push({ kind, q, want, ...r, hit: r.top === want });
    }
  } catch (e) {
    out.pagefindError = String(e && e.stack || e);
  }
}
out.median = { ours: median(out.ours.map((r) => r.bytes)), pagefind: median(out.pagefind.map((r) => r.bytes)) };
process.stdout.write(JSON.stringify(out));
