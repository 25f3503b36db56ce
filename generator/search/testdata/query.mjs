// Runs queries against a built index with the real client and prints the
// first result's URL of each, one JSON array: node query.mjs DIR Q1 Q2 …
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Searcher } from "../../../static/js/search.js";

const [dir, ...queries] = process.argv.slice(2);
const searcher = new Searcher("/search-index.json", async (url) => JSON.parse(readFileSync(join(dir, url), "utf8")));
const firsts = [];
for (const q of queries) {
  const results = await searcher.search(q);
  firsts.push(results[0] ? results[0].url.split("#")[0] : "");
}
console.log(JSON.stringify(firsts));
