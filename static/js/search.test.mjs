// Tests of the search client, run by `go test ./generator/search` (which
// builds the index of content/ and passes the folder holding
// search-index.json and search-index/) or directly, on a built site:
// KB_SEARCH_DIR=public node --test static/js/search.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { normalize, tokens, fnv1a, distance, typoBudget, Searcher } from "./search.js";

const testdata = new URL("../../generator/search/testdata/", import.meta.url);
const cases = JSON.parse(readFileSync(new URL("tokens.json", testdata), "utf8"));

test("tokens agree with the Go tokenizer", () => {
  for (const c of cases) {
    assert.deepEqual(tokens(c.in), c.tokens, c.in);
    assert.equal(fnv1a(normalize(c.in)), c.fnv1a, `fnv1a of ${c.in}`);
  }
});

test("edit distance counts a swap as one edit and stops early", () => {
  assert.equal(distance("verfy", "verify", 2), 1);
  assert.equal(distance("servr", "server", 2), 1);
  assert.equal(distance("sevrer", "server", 2), 1);
  assert.equal(distance("identiy", "identity", 2), 1);
  assert.equal(distance("abc", "xyz", 1), 2);
  assert.equal(typoBudget("ssl"), 0);
  assert.equal(typoBudget("verfy"), 1);
  assert.equal(typoBudget("certificat"), 2);
});

const dir = process.env.KB_SEARCH_DIR;
const searcher = dir && new Searcher("/search-index.json",
  async (url) => JSON.parse(readFileSync(join(dir, url), "utf8")));

test("every query of queries.json puts the right article first", { skip: !dir && "KB_SEARCH_DIR not set" }, async () => {
  const queries = JSON.parse(readFileSync(new URL("queries.json", testdata), "utf8"));
  for (const q of queries) {
    const results = await searcher.search(q.q);
    const ok = [q.want, ...(q.or || [])];
    const first = results[0] && results[0].url;
    assert.ok(first && ok.some((w) => first === w || (!w.includes("#") && first.startsWith(w + "#"))),
      `${JSON.stringify(q.q)} (${q.why}): first result ${first}; want ${ok.join(" or ")}\n  got: ${results.slice(0, 3).map((r) => r.url).join(", ")}`);
  }
});

test("a misspelled word never empties the results", { skip: !dir && "KB_SEARCH_DIR not set" }, async () => {
  for (const q of ["verify server identty", "outlok 0x800ccc0e", "zzzzqqq server identity"]) {
    assert.ok((await searcher.search(q)).length > 0, q);
  }
});

test("a file that failed to load is loaded again by the next query", async () => {
  // A one-article index: the manifest and its one posting shard.
  const files = {
    "/i.json": { h: "h", s: 1, n: 1, vk: [], syn: {} },
    "/i/p-0.h.json": { t: { server: [1, [[0, 10, 0, [0]]]] }, d: { 0: ["/a/", "A", "P"] }, u: {} },
  };
  for (const down of ["/i.json", "/i/p-0.h.json"]) {
    let offline = true;
    const searcher = new Searcher("/i.json", async (url) => {
      if (offline && url === down) throw new TypeError("Failed to fetch");
      return files[url];
    });
    await assert.rejects(searcher.search("server "), TypeError, `${down} down`);
    await assert.rejects(searcher.search("server "), TypeError, `${down} still down`);
    offline = false;
    const results = await searcher.search("server ");
    assert.deepEqual(results.map((r) => r.url), ["/a/"], `${down} back`);
  }
});
