package search_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"kbgen/generator/internal/golden"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/spf13/afero"

	"kbgen/generator/corpus"
	"kbgen/generator/internal/sitetest"
	"kbgen/generator/kb"
	"kbgen/generator/load"
	"kbgen/generator/markdown"
	"kbgen/generator/search"
)

// tokenCase is one case of testdata/tokens.json, which search.test.mjs
// runs too: the Go and JavaScript tokenizers must agree.
type tokenCase struct {
	In     string  `json:"in"`
	Tokens [][]any `json:"tokens"`
	Hash   uint32  `json:"fnv1a"` // of In, normalized
	Key    string  `json:"key"`   // MessageKey(In)
}

func TestTokensAgreeWithJavaScript(t *testing.T) {
	inputs := []string{
		"Cannot verify server identity",
		"“CANNOT Verify” server’s identity!",
		"can't connect; can not connect; cant connect",
		"Error 0x800CCC0E: the server isn't reachable",
		"NET::ERR_CERT_AUTHORITY_INVALID",
		"550 5.7.1 Unable to relay",
		"Wi-Fi e-mail re-add iPhone's",
		"Café für Outlook — naïve résumé",
		"path C:/Users/x.y and smtp.example.com:587",
		`Error 0x80070005 at C:\Windows\SoftwareDistribution\ and \\server\share`,
		"a to the of",
		"Ошибка сертификата",
		"无法登录：请检查网络",
		"Wi-Fi が遅いのはなぜ？ 微信支付2",
		"登 录 ж ß a-ж 연결할 수 없음",
	}
	var got []tokenCase
	for _, in := range inputs {
		c := tokenCase{In: in, Tokens: [][]any{}, Hash: fnv(search.Normalize(in)), Key: search.MessageKey(in)}
		for _, tok := range search.Tokens(in) {
			c.Tokens = append(c.Tokens, []any{tok.Term, float64(tok.Pos)})
		}
		got = append(got, c)
	}
	data, _ := json.MarshalIndent(got, "", " ")
	golden.File(t, "testdata/tokens.json", string(data)+"\n")
}

func fnv(s string) uint32 {
	h := uint32(0x811c9dc5)
	for _, b := range []byte(s) {
		h ^= uint32(b)
		h *= 0x01000193
	}
	return h
}

func TestShardUsesFNV1a(t *testing.T) {
	for _, term := range []string{"verify", "0x800ccc0e", "ошибка", ""} {
		if got, want := search.Shard(term, 64), int(fnv(term)&63); got != want {
			t.Errorf("Shard(%q, 64) = %d; want %d", term, got, want)
		}
	}
}

// TestIndexGolden pins the whole index of a small fixture: every file,
// name and content. The same input must give the same bytes.
func TestIndexGolden(t *testing.T) {
	idx := fixtureIndex(t)
	again := fixtureIndex(t)
	if diff := cmp.Diff(idx.Files, again.Files); diff != "" {
		t.Fatalf("two builds of the same articles differ:\n%s", diff)
	}
	names := make([]string, 0, len(idx.Files))
	for n := range idx.Files {
		names = append(names, n)
	}
	slices.Sort(names)
	if !bytes.Equal(idx.Manifest, again.Manifest) {
		t.Fatalf("two builds of the same articles differ in the manifest:\n%s\n%s", idx.Manifest, again.Manifest)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "-- manifest --\n%s\n", idx.Manifest)
	for _, n := range names {
		fmt.Fprintf(&b, "-- %s --\n%s\n", n, idx.Files[n])
	}
	golden.File(t, "testdata/fixture-index.golden.txt", b.String())
}

// TestErrorMessageIsUnitZero: search.js knows an article's error message
// by its unit number, 0, to find the phrase of a pasted message in it.
func TestErrorMessageIsUnitZero(t *testing.T) {
	idx, err := search.Build(realArticles(t), markdown.New(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for name, shard := range postingShards(t, idx) {
		for key, u := range shard.U {
			if strings.HasSuffix(key, ".0") != (u[0] == search.FieldError) {
				t.Errorf("%s: unit %s is a %q unit: the error message must be unit 0, and only it", name, key, u[0])
			}
			if u[0] == search.FieldError {
				n++
			}
		}
	}
	if n == 0 {
		t.Error("no shard carries an error message")
	}
}

// TestShardsListTheirBestArticles: a posting shard carries the URL,
// title and product of the articles of its terms' best postings
// (search.Snippets of each), no others, and the d-N files carry every
// article's, numbered in the order of their URLs; search.js takes a
// result's from one or the other.
func TestShardsListTheirBestArticles(t *testing.T) {
	articles := sitetest.Generated(t, 400)
	idx, err := search.Build(articles, markdown.New(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Hash     string `json:"h"`
		Docs     int    `json:"n"`
		DocBlock int    `json:"db"`
	}
	if err := json.Unmarshal(idx.Manifest, &m); err != nil {
		t.Fatal(err)
	}
	var all [][3]string
	for i := 0; i*m.DocBlock < m.Docs; i++ {
		var block [][3]string
		if err := json.Unmarshal(idx.Files[fmt.Sprintf("d-%d.%s.json", i, m.Hash)], &block); err != nil {
			t.Fatalf("d-%d: %v", i, err)
		}
		if len(block) != min(m.DocBlock, m.Docs-i*m.DocBlock) {
			t.Fatalf("d-%d lists %d articles", i, len(block))
		}
		all = append(all, block...)
	}
	if len(all) != len(articles) {
		t.Fatalf("the d-N files list %d articles; want %d", len(all), len(articles))
	}
	if !slices.IsSortedFunc(all, func(a, b [3]string) int { return strings.Compare(a[0], b[0]) }) {
		t.Fatal("the d-N files do not number the articles in the order of their URLs")
	}
	cut := 0
	for name, sh := range postingShards(t, idx) {
		docs, units := map[string]bool{}, map[string]bool{}
		for term, entry := range sh.T {
			var postings [][4]json.RawMessage
			if err := json.Unmarshal(entry[1], &postings); err != nil {
				t.Fatalf("%s: %s: %v", name, term, err)
			}
			if len(postings) > search.Snippets {
				cut++
			}
			for _, p := range postings[:min(len(postings), search.Snippets)] {
				docs[string(p[0])] = true
				units[string(p[0])+"."+string(p[2])] = true
			}
		}
		for d := range docs {
			n, _ := strconv.Atoi(d)
			if sh.D[d] != all[n] {
				t.Errorf("%s: article %s is %q; its d-N file says %q", name, d, sh.D[d], all[n])
			}
		}
		for d := range sh.D {
			if !docs[d] {
				t.Errorf("%s lists article %s, which no best posting of its terms names", name, d)
			}
		}
		for u := range sh.U {
			if !units[u] {
				t.Errorf("%s carries the text of %s, which no best posting of its terms names", name, u)
			}
		}
	}
	if cut == 0 {
		t.Fatal("no term has more postings than carry their article: the test tests nothing")
	}
}

// A postingShard is a p-N file as search.js reads it.
type postingShard struct {
	D map[string][3]string          `json:"d"` // article → [url, title, product]
	U map[string][3]string          `json:"u"` // "article.unit" → [field, anchor, text]
	T map[string][2]json.RawMessage `json:"t"` // term → [df, postings]
}

// postingShards parses the index's posting shards, by file name.
func postingShards(t *testing.T, idx *search.Index) map[string]postingShard {
	t.Helper()
	out := make(map[string]postingShard)
	for name, data := range idx.Files {
		if !strings.HasPrefix(name, "p-") {
			continue
		}
		var sh postingShard
		if err := json.Unmarshal(data, &sh); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = sh
	}
	if len(out) == 0 {
		t.Fatal("the index has no posting shard")
	}
	return out
}

func fixtureIndex(t *testing.T) *search.Index {
	t.Helper()
	// A plain in-memory project: one article, written here.
	fs := afero.NewMemMapFs()
	for _, f := range txtar.Parse([]byte(`
-- content/app/cannot-connect.yaml --
error: Can't connect to the server
codes: [ERR_CONN_REFUSED]
product: App
updated: 2026-11-28
summary: Check the network.
causes: [{id: offline, text: The device is offline.}]
fixes:
  - id: go-online
    title: Go online
    solves: [offline]
    steps: [Turn off **airplane mode**., Open the app again.]
faq: [{q: Why offline?, a: Airplane mode was on.}]
`)).Files {
		if err := afero.WriteFile(fs, "/"+f.Name, f.Data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	articles, errs := load.Check(fs, "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	idx, err := search.Build(articles, markdown.New(), [][]string{{"airplane", "flight"}})
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

func realArticles(t *testing.T) []*kb.Article {
	t.Helper()
	root, _ := filepath.Abs("../..")
	articles, errs := load.Check(afero.NewBasePathFs(afero.NewOsFs(), root), "content")
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	return articles
}

// TestJavaScript runs static/js/search.test.mjs under node's test runner:
// the tokenizer cases above, edit distance and prefixes, and every query of
// testdata/queries.json against the index of the real content/, built here.
func TestJavaScript(t *testing.T) {
	node := nodeOrSkip(t)
	idx, err := search.Build(realArticles(t), markdown.New(), nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := writeIndex(t, idx)
	cmd := exec.Command(node, "--test", "--test-reporter=spec", "static/js/search.test.mjs")
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "KB_SEARCH_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	if !strings.Contains(string(out), "pass") {
		t.Fatalf("node ran no test:\n%s", out)
	}
}

// nodeOrSkip returns node's path; without node the test is skipped, but
// fails in CI, which must run the client's tests.
func nodeOrSkip(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node not found; CI must run the JavaScript tests")
		}
		t.Skip("node not found: the JavaScript tests of the search client are skipped")
	}
	return node
}

// writeIndex writes idx into a new folder as a build publishes it:
// search-index.json and search-index/….
func writeIndex(t *testing.T, idx *search.Index) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "search-index.json"), idx.Manifest, 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "search-index"), 0o777); err != nil {
		t.Fatal(err)
	}
	for name, data := range idx.Files {
		if err := os.WriteFile(filepath.Join(dir, "search-index", name), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// firstResults writes idx as a build publishes it and runs queries with
// the real client under node (testdata/query.mjs): the first result's
// page of each query, "" for none.
func firstResults(t *testing.T, idx *search.Index, queries []string) []string {
	t.Helper()
	node, dir := nodeOrSkip(t), writeIndex(t, idx)
	cmd := exec.Command(node, append([]string{"generator/search/testdata/query.mjs", dir}, queries...)...)
	cmd.Dir = filepath.Join("..", "..")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var firsts []string
	if err := json.Unmarshal(out, &firsts); err != nil || len(firsts) != len(queries) {
		t.Fatalf("node printed %s (%v)", out, err)
	}
	return firsts
}

// TestPastedMessageComesFirst: at 6,000 generated articles the words of
// most messages are each in more messages than the index lists for a
// word (MaxPostings), and half the messages pasted whole did not come
// first; the message key finds them. Messages that two articles share
// are left out: either may come first.
func TestPastedMessageComesFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes 6,000 articles")
	}
	c := corpus.Generate(6000, corpus.DefaultSeed)
	var articles []*kb.Article
	for _, f := range c.Files {
		a, errs := load.File(f.Path, f.Data)
		if err := errs.Err(); err != nil {
			t.Fatal(err)
		}
		articles = append(articles, a)
	}
	idx, err := search.Build(articles, markdown.New(), nil)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, a := range articles {
		count[search.MessageKey(a.Error.Src)]++
	}
	var queries, want []string
	for i := 0; i < len(articles) && len(queries) < 40; i += 149 {
		a := articles[i]
		if count[search.MessageKey(a.Error.Src)] == 1 {
			queries, want = append(queries, a.Error.Src), append(want, a.URL())
		}
	}
	for i, got := range firstResults(t, idx, queries) {
		if got != want[i] {
			t.Errorf("%q: first result %q; want %q", queries[i], got, want[i])
		}
	}
}

// TestChineseAndJapanese: text written without spaces between words is
// found by any part of two letters or more, with the real client: an
// index of the shipped articles and three in Chinese and Japanese.
func TestChineseAndJapanese(t *testing.T) {
	articles := realArticles(t)
	for name, src := range map[string]string{
		"content/wechat/cannot-login.yaml": `error: 无法登录微信账号
product: 微信
updated: 2026-11-28
summary: 检查网络连接，然后重新打开应用程序并再次登录。
causes: [{id: offline, text: 没有网络连接。}]
fixes: [{id: online, title: 连接网络, solves: [offline], steps: [打开设置。]}]
`,
		"content/wechat/cannot-pay.yaml": `error: 付款失败
product: 微信
updated: 2026-11-28
summary: 检查银行卡，然后再次付款。
causes: [{id: card, text: 银行卡已过期。}]
fixes: [{id: check-card, title: 检查银行卡, solves: [card], steps: [打开钱包。]}]
`,
		"content/line/cannot-send.yaml": `error: メッセージを送信できません
product: LINE
updated: 2026-11-28
summary: 通信環境を確認してから、もう一度送信してください。
causes: [{id: offline, text: 通信が不安定です。}]
fixes: [{id: online, title: 通信環境を確認する, solves: [offline], steps: [設定を開きます。]}]
`,
	} {
		a, errs := load.File(name, []byte(src))
		if err := errs.Err(); err != nil {
			t.Fatal(err)
		}
		articles = append(articles, a)
	}
	idx, err := search.Build(articles, markdown.New(), nil)
	if err != nil {
		t.Fatal(err)
	}
	queries := []struct{ q, want string }{
		{"无法登录微信账号", "/wechat/cannot-login/"}, // the whole message
		{"登录", "/wechat/cannot-login/"},       // a word inside it
		{"微信 登录", "/wechat/cannot-login/"},
		{"付款", "/wechat/cannot-pay/"},
		{"银行卡过期", "/wechat/cannot-pay/"}, // words of a cause, not in a row
		{"送信できません", "/line/cannot-send/"},
		{"メッセージ", "/line/cannot-send/"},
		{"cannot verify server identity", "/ios-mail/cannot-verify-server-identity/"},
	}
	var qs []string
	for _, q := range queries {
		qs = append(qs, q.q)
	}
	firsts := firstResults(t, idx, qs)
	for i, q := range queries {
		if firsts[i] != q.want {
			t.Errorf("%q: first result %q; want %q", q.q, firsts[i], q.want)
		}
	}
}
