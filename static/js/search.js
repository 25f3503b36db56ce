// The site's search: queries the index generator/search writes under
// /search/, fetching only the shards its words need. No framework, no
// server. normalize and tokens must agree with generator/search/normalize.go
// (generator/search/testdata/tokens.json holds the shared cases).

// Every combining mark, as Go drops unicode.Mn: é → e, and the kana voicing
// mark too (が → か), in the index and the query alike.
const MARKS = /\p{Mn}/gu;
const JOINERS = "_.:-/\\";
const CONTRACTIONS = [
  ["can't", "cannot"], ["cant", "cannot"], ["can not", "cannot"], ["won't", "will not"], ["couldn't", "could not"],
  ["doesn't", "does not"], ["don't", "do not"], ["isn't", "is not"], ["wasn't", "was not"],
  ["didn't", "did not"], ["aren't", "are not"], ["wouldn't", "would not"], ["shouldn't", "should not"],
  ["haven't", "have not"], ["hasn't", "has not"],
];
const STOP = new Set(["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "into", "is",
  "it", "its", "of", "on", "or", "that", "the", "then", "this", "to", "was", "will", "with", "you", "your"]);

const isWord = (c) => /[a-z0-9_]/.test(c);

function replaceWord(s, from, to) {
  let out = "";
  for (;;) {
    const i = s.indexOf(from);
    if (i < 0) return out + s;
    const end = i + from.length;
    if ((i === 0 || !isWord(s[i - 1])) && (end === s.length || !isWord(s[end]))) out += s.slice(0, i) + to;
    else out += s.slice(0, end);
    s = s.slice(end);
  }
}

// normalize folds case, diacritics, curly quotes and contractions.
export function normalize(s) {
  s = s.normalize("NFKD").replace(MARKS, "")
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/[\u2013\u2014\u2212]/g, "-")
    .toLowerCase();
  for (const [from, to] of CONTRACTIONS) s = replaceWord(s, from, to);
  return s;
}

const trimSet = (w, set) => {
  let a = 0, b = w.length;
  while (a < b && set.includes(w[a])) a++;
  while (b > a && set.includes(w[b - 1])) b--;
  return w.slice(a, b);
};

// Chinese and Japanese letters (Han, Hiragana, Katakana) are written without
// spaces between words: a run of them is searched by every two letters in a row.
const CJK = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}";
const RUNS = new RegExp(`[${CJK}]+|[^${CJK}]+`, "gu");
const IS_CJK = new RegExp(`^[${CJK}]`, "u");
const runes = (w) => [...w].length;

// tokens splits text into [term, position] pairs, as Tokens does in Go.
export function tokens(text) {
  const out = [];
  let pos = 0;
  for (const raw of normalize(text).split(/[^a-z0-9'_.:\-/\\\p{L}]+/u).flatMap((f) => f.match(RUNS) || [])) {
    if (IS_CJK.test(raw)) {
      const cs = [...raw];
      if (cs.length === 1) out.push([raw, pos++]);
      for (let k = 0; k + 1 < cs.length; k++) out.push([cs[k] + cs[k + 1], pos++]);
      continue;
    }
    let w = trimSet(raw, JOINERS + "'");
    if (w.endsWith("'s")) w = w.slice(0, -2);
    w = w.replaceAll("'", "");
    if (!w) continue;
    if ([...JOINERS].some((j) => w.includes(j))) {
      out.push([w, pos]);
      for (const part of w.split(/[_.:\-/\\]+/)) if (runes(part) > 1 && !STOP.has(part)) out.push([part, pos]);
    } else if (runes(w) > 1 && !STOP.has(w)) {
      out.push([w, pos]);
    }
    pos++;
  }
  return out;
}

// messageKey is MessageKey in Go: the term under which the index lists the
// articles whose error message is text, word for word once normalized.
export function messageKey(text) {
  const t = tokens(text);
  return t.length < 2 ? "" : '"' + t.map(([term]) => term).join(" ");
}

// fnv1a is the 32-bit FNV-1a hash of the UTF-8 bytes of s.
export function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// distance is the optimal string alignment distance of a and b, or max+1
// as soon as it is sure to exceed max.
export function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2 = [], prev = Array.from({ length: b.length + 1 }, (_, j) => j), cur = [];
  for (let i = 1; i <= a.length; i++) {
    cur = [i];
    let low = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      low = Math.min(low, d);
    }
    if (low > max) return max + 1;
    [prev2, prev] = [prev, cur];
  }
  return prev[b.length];
}

// typoBudget is how many edits a word of this length may have.
export const typoBudget = (term) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0);

const hex = (s) => [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, "0")).join("");
const vocabKey = (term) => [...term].slice(0, 2).join("");

// Searcher runs queries against one index. load(url) returns parsed JSON.
export class Searcher {
  // The manifest X.json names the files of the folder X/.
  constructor(manifestURL, load) {
    this.url = manifestURL;
    this.base = manifestURL.replace(/\.json$/, "/");
    this.load = load;
    this.cache = new Map();
    this.file(manifestURL); // start now: every query needs it
  }

  // file loads url once. A failed load is forgotten, so that the next
  // query tries again (the network may be back).
  file(url) {
    let p = this.cache.get(url);
    if (!p) {
      this.cache.set(url, (p = this.load(url)));
      p.catch(() => this.cache.get(url) === p && this.cache.delete(url));
    }
    return p;
  }

  get manifest() {
    return this.file(this.url);
  }

  get(name) {
    return this.file(this.base + name);
  }

  async shard(term) {
    const m = await this.manifest;
    return this.get(`p-${fnv1a(term) & (m.s - 1)}.${m.h}.json`);
  }

  async vocab(key) {
    const m = await this.manifest;
    const k = hex(key);
    return m.vk.includes(k) ? this.get(`v-${k}.${m.h}.json`) : [];
  }

  // candidates lists the index terms a query word may stand for, each
  // with how good a match it is and whether it is only near: the word
  // itself, its synonyms, words it begins (the last word, still being
  // typed), and near misspellings (near). A part of an identifier (the
  // com of imap.example.com) was pasted, not typed: it is matched as it
  // is, or by a synonym.
  async candidates(word, isLast, isPart) {
    const m = await this.manifest;
    const out = new Map([[word, [1, false]]]);
    for (const s of m.syn[word] || []) out.set(s, [0.9, false]);
    if (isPart) return out;
    const exact = (await this.shard(word)).t[word];
    const budget = typoBudget(word);
    if ((isLast && word.length >= 2) || (!exact && budget > 0)) {
      const keys = new Set([vocabKey(word)]);
      if (word.length > 2) keys.add(word[1] + word[0]);
      const prefixes = [];
      for (const key of keys) {
        for (const [term, df] of await this.vocab(key)) {
          if (out.has(term)) continue;
          if (isLast && term.startsWith(word)) prefixes.push([term, df]);
          else if (!exact && budget > 0) {
            const d = distance(word, term, budget);
            if (d <= budget) out.set(term, [d === 1 ? 0.6 : 0.45, true]);
          }
        }
      }
      prefixes.sort((a, b) => b[1] - a[1]);
      // A word begun (venpl) is matched by its ends; a word that is a
      // term itself (com, set) may be meant whole, and its longer terms
      // (comes, settings) are only near it.
      for (const [term] of prefixes.slice(0, 6)) out.set(term, [0.5 + 0.4 * (word.length / term.length), !!exact]);
    }
    return out;
  }

  // search returns the best results for query, most relevant first.
  async search(query, limit = 10) {
    const m = await this.manifest;
    // The query's words: the terms at one position, an identifier
    // (imap.example.com, C:\Windows\Temp) with its parts, are one word.
    const words = [];
    const seen = new Set();
    for (const [term, pos] of tokens(query)) {
      if (seen.has(term)) continue;
      seen.add(term);
      const w = words[words.length - 1];
      if (w && w.pos === pos) w.terms.push(term);
      else words.push({ pos, terms: [term] });
    }
    if (!words.length) return [];
    const typing = !/[\s"'.,;:!?)]$/.test(query);
    const cands = await Promise.all(words.map((w, i) => Promise.all(w.terms.map((t, j) =>
      this.candidates(t, typing && i === words.length - 1 && j === 0, j > 0)))));

    // For every article and query word: the best match of each of the
    // word's terms, how well the word matched (1 whole or by a synonym,
    // 0.5 only near: a prefix or a typo), and where its terms are in the
    // error message (unit 0). A word whose postings were cut (a common
    // word: the index keeps its best articles only) cannot tell that an
    // article lacks it; only the other words decide which articles match,
    // the cut ones add to the score.
    const docs = new Map();
    const decisive = new Array(words.length).fill(true);
    for (let i = 0; i < words.length; i++) {
      for (let j = 0; j < words[i].terms.length; j++) {
        for (const [term, [quality, near]] of cands[i][j]) {
          const sh = await this.shard(term);
          const entry = sh.t[term];
          if (!entry) continue;
          const [df, postings] = entry;
          if (df > postings.length) decisive[i] = false;
          const idf = Math.log(1 + m.n / df);
          for (const [d, weight, u, positions] of postings) {
            let doc = docs.get(d);
            if (!doc) {
              doc = { d, words: words.map((w) => ({ terms: new Array(w.terms.length), level: 0, message: [] })) };
              docs.set(d, doc);
            }
            const w = doc.words[i];
            const score = quality * (weight / 10) * idf;
            if (!w.terms[j] || score > w.terms[j].score) w.terms[j] = { term, score, unit: u, positions, sh };
            w.level = Math.max(w.level, near ? 0.5 : 1);
            if (u === 0) w.message.push(...positions);
          }
        }
      }
    }

    // The articles whose error message is the query, word for word: a
    // pasted message comes first even when its words are too common for
    // their postings to list every article that has them.
    const key = messageKey(query);
    if (key) {
      const sh = await this.shard(key);
      for (const [d] of (sh.t[key] || [0, []])[1]) {
        let doc = docs.get(d);
        if (!doc) {
          doc = { d, words: words.map((w) => ({ terms: new Array(w.terms.length), level: 0, message: [] })) };
          docs.set(d, doc);
        }
        doc.exact = sh;
      }
    }

    if (!decisive.some(Boolean)) decisive.fill(true); // all common: all decide
    // The longest run of query words that an article's error message has
    // in the query's order, as far apart as in the query. A cut word the
    // article has no posting for may be there; one word of the run must
    // decide (cannot connect, in a thousand messages, tells nothing).
    const phrase = (ws) => {
      let longest = 0;
      ws.forEach((w, i) => {
        for (const p of w.message) {
          let end = i + 1;
          for (let k = i + 1; k < ws.length; k++) {
            if (ws[k].message.includes(p + words[k].pos - words[i].pos)) end = k + 1;
            else if (decisive[k] || ws[k].level) break;
          }
          if (decisive.slice(i, end).some(Boolean)) longest = Math.max(longest, end - i);
        }
      });
      return longest;
    };
    let most = 0;
    let longest = 0;
    for (const doc of docs.values()) {
      doc.matched = doc.words.reduce((n, w, i) => n + (decisive[i] ? w.level : 0), 0);
      doc.phrase = phrase(doc.words);
      most = Math.max(most, doc.matched);
      longest = Math.max(longest, doc.phrase);
    }

    const results = [];
    for (const doc of docs.values()) {
      // AND, or as near to it as the query allows; but an article whose
      // error message has the query's message, its longest phrase of half
      // its words or more, stays (a message pasted with a host name or a
      // path after it).
      if (!doc.exact && doc.matched < most && !(doc.phrase >= 2 && doc.phrase === longest && 2 * doc.phrase >= words.length)) continue;
      // A word's score: its whole term's, or its parts' as shares of it.
      let score = 0;
      for (const w of doc.words) {
        const [whole, ...parts] = w.terms;
        score += Math.max(whole ? whole.score : 0, parts.reduce((s, p) => s + (p ? p.score : 0), 0) / (parts.length || 1));
        w.best = w.terms.reduce((a, b) => (b && (!a || b.score > a.score) ? b : a), undefined);
      }
      // Words as near each other in one text as in the query (a phrase)
      // count more; a phrase of the error message most, the whole query
      // as one twice.
      let adjacent = 0;
      for (let i = 0; i + 1 < words.length; i++) {
        const a = doc.words[i].best, b = doc.words[i + 1].best;
        const gap = words[i + 1].pos - words[i].pos;
        if (a && b && a.unit === b.unit && a.positions.some((p) => b.positions.includes(p + gap))) adjacent++;
      }
      score *= 1 + 0.3 * adjacent;
      if (doc.phrase >= 2) score *= 1 + doc.phrase / words.length;
      // The unit to link to: the one most query words matched in, the
      // weightier first.
      const matches = doc.words.map((w) => w.best).filter(Boolean);
      const units = new Map();
      for (const w of matches) units.set(w.unit, (units.get(w.unit) || 0) + w.score + 100);
      // An exact message with none of its words listed links to the top.
      const unit = units.size ? [...units.entries()].sort((a, b) => b[1] - a[1])[0][0] : 0;
      const info = units.size ? matches.find((w) => w.unit === unit).sh : doc.exact;
      results.push({ d: doc.d, unit, info, matches, score, exact: doc.exact,
        terms: doc.words.flatMap((w) => w.terms.filter(Boolean).map((t) => t.term)) });
    }
    // Ties go to the article first by URL: the index numbers them in that order.
    results.sort((a, b) => !a.exact - !b.exact || b.score - a.score || a.d - b.d);
    return Promise.all(results.slice(0, limit).map((r) => this.result(r, m)));
  }

  // result is what a result shows: its article's URL, title and product,
  // from a shard of the query (the best postings of each term carry them)
  // or else from the article's d-N file, and the text that matched, when
  // a shard carries it; otherwise the title stands for it.
  async result({ d, unit, info, matches, score, exact, terms }, m) {
    const listed = [info, ...matches.map((w) => w.sh), exact].find((sh) => sh && sh.d[d]);
    const [url, title, product] = listed ? listed.d[d] :
      (await this.get(`d-${Math.floor(d / m.db)}.${m.h}.json`))[d % m.db];
    const [field, anchor, text] = info.u[`${d}.${unit}`] ||
      matches.map((w) => w.sh.u[`${d}.${w.unit}`]).find(Boolean) || ["t", "", title];
    return { url: anchor ? `${url}#${anchor}` : url, title, product, field, text, score, exact: Boolean(exact), terms };
  }
}

// highlight appends text to el, with the words that matched in <mark>.
export function highlight(el, text, terms) {
  const want = new Set(terms);
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}_'’.:\-]+/gu)) {
    const t = tokens(m[0]).map(([term]) => term);
    if (!t.some((x) => want.has(x) || [...want].some((w) => x.startsWith(w) && w.length > 2))) continue;
    el.append(text.slice(last, m.index));
    const mark = document.createElement("mark");
    mark.textContent = m[0];
    el.append(mark);
    last = m.index + m[0].length;
  }
  el.append(text.slice(last));
}

const FIELD_LABEL = { e: "Error message", c: "Error code", t: "Title", f: "Fix", x: "Step", k: "Cause",
  q: "Question", a: "Answer", s: "Quick answer", w: "Warning", p: "Product", g: "Applies to" };

// attach wires the search UI to a form holding #search-input.
export function attach(form) {
  const input = form.querySelector("#search-input");
  const searcher = new Searcher(form.dataset.index, (url) => fetch(url).then((r) => {
    if (!r.ok) throw new Error(`${url}: ${r.status}`);
    return r.json();
  }));
  const onPage = form.dataset.page === "search";
  // box is what shows and hides: the search page's results area, or a
  // popup under the box that holds the list and the note.
  let list = document.getElementById("search-results");
  let box = list;
  if (!list) {
    box = Object.assign(document.createElement("div"), { className: "search-popup", hidden: true });
    list = Object.assign(document.createElement("div"), { id: "search-results" });
    box.append(list);
    form.append(box);
  }
  // note, where the results would be, says why there are none, for the
  // eye; the status (visually hidden in the popup) announces it once.
  const note = Object.assign(document.createElement("p"), { className: "search-note", hidden: true });
  list.before(note);
  // On the search page the results are the page's content: a list of
  // ordinary links, in the Tab order. Under a header box they are a
  // combobox's listbox, walked with the arrow keys from the box.
  if (!onPage) {
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
  }
  const status = document.getElementById("search-status") || form.appendChild(Object.assign(document.createElement("p"), { id: "search-status", className: "visually-hidden" }));
  status.setAttribute("role", "status");
  if (!onPage) {
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
  }

  let active = -1;
  let seq = 0;
  const options = () => [...list.querySelectorAll("[role=option]")];
  const setActive = (i) => {
    const opts = options();
    active = opts.length ? (i + opts.length) % opts.length : -1;
    opts.forEach((o, j) => o.setAttribute("aria-selected", String(j === active)));
    if (active >= 0) {
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    } else input.removeAttribute("aria-activedescendant");
  };
  let shown = null;
  // What works without the index: the A–Z list of the search page.
  const next = onPage ? "browse all error messages A–Z below" : "press Enter to see all error messages A–Z";
  const down = `Search is unavailable right now. Try again in a moment, or ${next}.`;
  const render = (results, query, failed = false) => {
    const n = results.length;
    note.textContent = !query || n ? "" : failed ? down : `No results for “${query}”. Check the spelling, or ${next}.`;
    note.hidden = !note.textContent;
    if (onPage) status.classList.toggle("visually-hidden", !note.hidden); // the note says it
    box.hidden = !onPage && !query;
    if (!onPage) input.setAttribute("aria-expanded", String(!box.hidden && n > 0));
    // The same results again (a query still being typed): keep the list
    // and the reader's place in it, and announce nothing new (a failure
    // again counts as the same).
    const key = query ? (failed ? "\n" : results.map((r) => r.url).join("\n")) : null;
    if (key !== null && key === shown) return;
    shown = key;
    list.replaceChildren();
    // An empty list is no list (ARIA: a list owns its items).
    if (onPage && n) {
      list.setAttribute("role", "list");
      list.setAttribute("aria-label", "Search results");
    } else if (onPage) {
      list.removeAttribute("role");
      list.removeAttribute("aria-label");
    }
    results.forEach((r, i) => {
      // In the popup each option is the result's link itself (a[href] may
      // take the option role), so no control is nested in another; on the
      // search page each result is a link in a list item.
      const a = document.createElement("a");
      a.id = `search-result-${i}`;
      a.className = "search-result-link";
      a.href = r.url;
      if (!onPage) {
        a.tabIndex = -1;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
      }
      const title = document.createElement("span");
      title.className = "search-result-title";
      title.textContent = r.title;
      const meta = document.createElement("span");
      meta.className = "search-result-meta";
      meta.textContent = `${r.product} · ${FIELD_LABEL[r.field] || ""}`;
      const snip = document.createElement("span");
      snip.className = "search-result-text";
      highlight(snip, r.text, r.terms);
      a.append(title, meta, snip);
      if (onPage) {
        const item = document.createElement("div");
        item.setAttribute("role", "listitem");
        item.append(a);
        list.append(item);
      } else list.append(a);
    });
    status.textContent = !query ? "" : n ? `${n} result${n === 1 ? "" : "s"}` : failed ? down : "No results";
    active = -1;
    input.removeAttribute("aria-activedescendant");
  };
  const run = async () => {
    const query = input.value.trim();
    const mine = ++seq;
    if (onPage) history.replaceState(null, "", query ? `?q=${encodeURIComponent(query)}` : location.pathname);
    let results = [], failed = false;
    try {
      if (query) results = await searcher.search(query);
    } catch (err) {
      console.warn("search:", err); // the searcher forgot the failed file: the next query retries
      failed = true;
    }
    if (mine === seq) render(results, query, failed);
  };
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 100);
  });
  // On the search page the arrow keys move the focus itself: down from the
  // box to the first result, and between results (up from the first, back
  // to the box).
  const links = () => [...list.querySelectorAll("a.search-result-link")];
  if (onPage) {
    document.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      const all = links();
      const i = e.target === input ? -1 : all.indexOf(e.target);
      if (e.target !== input && i < 0) return;
      const to = i + (e.key === "ArrowDown" ? 1 : -1);
      if (to >= all.length || (e.target === input && to < 0)) return;
      e.preventDefault();
      (to < 0 ? input : all[to]).focus();
    });
  }
  input.addEventListener("keydown", (e) => {
    if (onPage && e.key !== "Escape") return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setActive(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      location.href = options()[active].href;
    } else if (e.key === "Escape") {
      input.value = "";
      render([], "");
    }
  });
  // The popup keeps the box's focus while a result is clicked (on the
  // search page the results are links like any other).
  if (!onPage) box.addEventListener("mousedown", (e) => e.preventDefault());
  // The popup covers the page under the box: it closes when a click or the
  // focus goes elsewhere (Tab past the form), or on Escape, so it never hides
  // what has focus; focus back in a box that holds a query opens it again.
  const close = () => {
    if (onPage) return;
    box.hidden = true;
    input.setAttribute("aria-expanded", "false");
  };
  document.addEventListener("click", (e) => {
    if (!form.contains(e.target)) close();
  });
  form.addEventListener("focusout", (e) => {
    if (!form.contains(e.relatedTarget)) close();
  });
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && e.target !== input) close();
  });
  input.addEventListener("focus", () => {
    if (onPage || !box.hidden || !input.value.trim() || shown === null) return;
    box.hidden = false;
    input.setAttribute("aria-expanded", String(options().length > 0));
  });
  const q = onPage && new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
  if (input.value.trim()) run();
}
