// Tests of the search client, run by `go test ./generator/search` (which
// builds the index of content/ and passes the folder holding
// search-index.json and search-index/) or directly, on a built site:
// KB_SEARCH_DIR=public node --test static/js/search.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { normalize, tokens, messageKey, fnv1a, distance, typoBudget, Searcher } from "./search.js";

const testdata = new URL("../../generator/search/testdata/", import.meta.url);
const cases = JSON.parse(readFileSync(new URL("tokens.json", testdata), "utf8"));

test("tokens agree with the Go tokenizer", () => {
  for (const c of cases) {
    assert.deepEqual(tokens(c.in), c.tokens, c.in);
    assert.equal(fnv1a(normalize(c.in)), c.fnv1a, `fnv1a of ${c.in}`);
    assert.equal(messageKey(c.in), c.key, `messageKey of ${c.in}`);
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

test("a result whose article no shard of the query lists takes its title from the article's d-N file", async () => {
  // Only a term's best postings carry their article's URL and title (and
  // the text that matched): article 3 is in "server"'s postings, not in the
  // shard's d. Two articles to a d-N file: 3 is in d-1.
  const files = {
    "/i.json": { v: 2, h: "h", s: 1, n: 4, db: 2, vk: [], syn: {} },
    "/i/p-0.h.json": {
      t: { server: [4, [[0, 100, 0, [0]], [3, 10, 1, [4]]]] },
      d: { 0: ["/a/", "A", "P"] },
      u: { "0.0": ["e", "", "Server down"] },
    },
    "/i/d-0.h.json": [["/a/", "A", "P"], ["/b/", "B", "P"]],
    "/i/d-1.h.json": [["/c/", "C", "Q"], ["/d/", "Server D", "R"]],
  };
  const loaded = [];
  const s = new Searcher("/i.json", async (url) => (loaded.push(url), files[url]));
  const got = await s.search("server ");
  assert.deepEqual(got.map((r) => [r.url, r.title, r.product, r.field, r.text]), [
    ["/a/", "A", "P", "e", "Server down"],
    ["/d/", "Server D", "R", "t", "Server D"], // no text carried: the title stands for it
  ]);
  assert.deepEqual(loaded.filter((u) => u.includes("/d-")), ["/i/d-1.h.json"], "only the d-N file of a result not listed");
});

test("results of equal score come in the order of their articles' numbers, which is their URLs'", async () => {
  const files = {
    "/i.json": { v: 2, h: "h", s: 1, n: 3, db: 16, vk: [], syn: {} },
    "/i/p-0.h.json": {
      t: { server: [3, [[2, 10, 0, [0]], [0, 10, 0, [0]], [1, 10, 0, [0]]]] },
      d: { 0: ["/a/", "A", "P"], 1: ["/b/", "B", "P"], 2: ["/c/", "C", "P"] },
      u: {},
    },
  };
  const s = new Searcher("/i.json", async (url) => files[url]);
  assert.deepEqual(await urls(s, "server "), ["/a/", "/b/", "/c/"]);
});

// tinyIndex builds, much as generator/search does, the index of a few articles,
// each [url, [[field, text]…]] with its error message first, in one
// posting shard: the files a Searcher loads, by URL.
function tinyIndex(articles) {
  const weight = { e: 10, c: 10, t: 6, f: 4, p: 3, k: 3, q: 3, s: 2, g: 2, x: 1, a: 1, w: 1 };
  const t = {}, d = {}, u = {}, vocab = {};
  articles.forEach(([url, units], doc) => {
    d[doc] = [url, url, "P"];
    const best = new Map(); // term → its posting: [doc, weight, unit, positions]
    units.forEach(([field, text], unit) => {
      u[`${doc}.${unit}`] = [field, "", text];
      for (const [term, pos] of tokens(text)) {
        const b = best.get(term), w = weight[field] * 10;
        if (b && b[2] === unit) b[3].push(pos);
        else if (!b || w > b[1]) best.set(term, [doc, w, unit, [pos]]);
      }
    });
    for (const [term, p] of best) {
      const e = (t[term] ||= [0, []]);
      e[0]++;
      e[1].push(p);
    }
  });
  for (const [term, e] of Object.entries(t)) {
    e[1].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    (vocab[hex(vocabKey(term))] ||= []).push([term, e[0]]);
  }
  const files = {
    "/i.json": { h: "h", s: 1, n: articles.length, vk: Object.keys(vocab), syn: {} },
    "/i/p-0.h.json": { t, d, u },
  };
  for (const [k, terms] of Object.entries(vocab)) files[`/i/v-${k}.h.json`] = terms;
  return new Searcher("/i.json", async (url) => files[url]);
}
const hex = (s) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
const vocabKey = (term) => [...term].slice(0, 2).join("");
const urls = async (s, q) => (await s.search(q)).map((r) => r.url);

// Articles like those of content/ that readers' pasted messages confused.
const pasted = tinyIndex([
  ["/ios/", [["e", "Cannot verify server identity"], ["t", "Cannot verify server identity in Mail"]]],
  ["/timeout/", [["e", "This site can't be reached. example.com took too long to respond."],
    ["x", "Check that the server name example.com is spelled right."]]],
  ["/outlook/", [["e", "Error 0x800CCC0E: cannot connect to the server"],
    ["x", "Run Test-NetConnection -ComputerName imap.example.com -Port 993."],
    ["x", "Verify the identity of the server in the account settings."],
    ["a", "It comes back when the server is down."]]],
  ["/update/", [["e", "Install error - 0x80070005"], ["x", "ren C:\\Windows\\SoftwareDistribution SoftwareDistribution.old"]]],
  ["/outlook-data/", [["e", "Outlook data file cannot be opened"],
    ["x", "Open C:\\Users\\me\\AppData\\Local\\Microsoft\\Outlook and look for the error log."]]],
]);

test("a pasted message with a host name after it finds the article of the message", async () => {
  for (const q of ["Cannot verify server identity example.com", "Cannot verify server identity imap.example.com",
    "Cannot verify server identity imap.example.com "]) {
    assert.equal((await urls(pasted, q))[0], "/ios/", q);
  }
});

test("a pasted message with a path or code after it finds the article of the message", async () => {
  for (const q of ["Error 0x80070005 C:\\Windows\\SoftwareDistribution",
    "Error 0x80070005 C:\\Users\\me\\AppData\\Local\\Microsoft\\Outlook\\outlook.ost",
    "Install error - 0x80070005 KB5034441"]) {
    assert.equal((await urls(pasted, q))[0], "/update/", q);
  }
});

test("an identifier and its parts are one word: matching a part is matching it", async () => {
  // /timeout/ has the whole host name, /outlook/ one of its parts: both
  // have both query words.
  const got = await urls(pasted, "server example.com ");
  assert.equal(got[0], "/timeout/");
  assert.ok(got.includes("/outlook/"), got.join(", "));
});

test("an article whose message has the query's phrase is never dropped", async () => {
  // /outlook/ has every word of the query, /ios/ all but the host name,
  // but /ios/'s error message is the first four words, in order.
  const got = await urls(pasted, "cannot verify server identity imap.example.com ");
  assert.deepEqual(got.slice(0, 2), ["/ios/", "/outlook/"]);
});

test("a word matched only by its prefix or a typo counts less than one matched whole", async () => {
  const s = tinyIndex([
    ["/comes/", [["e", "Sync stopped"], ["t", "The sync error comes back"]]],
    ["/com/", [["e", "Sync error on example.com"]]],
    ["/typo/", [["e", "Server unreachable"], ["t", "Sync failed"]]],
    ["/full/", [["e", "Proxy refused"], ["t", "Sync failed"]]],
  ]);
  // com, the last word, may be typed on (comes); example.com has it whole.
  assert.deepEqual(await urls(s, "sync error com"), ["/com/"]);
  // unrechable is a typo of unreachable: less than proxy, matched whole.
  assert.deepEqual(await urls(s, "sync failed proxy unrechable "), ["/full/"]);
  // Where it is all there is, the typo decides: never nothing.
  assert.deepEqual(await urls(s, "sync failed unrechable "), ["/typo/"]);
});
