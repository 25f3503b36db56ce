// Package e2e holds the end-to-end tests of the built site in a real
// browser. It has no code of its own: the tests build the repository's real
// site (content/, layouts/, static/, hugo.toml) with build.Run into a
// temporary directory, serve it with net/http the way Netlify does (404.html
// for a missing page, the headers of netlify.toml), and drive headless
// Chromium through the DevTools protocol with chromedp.
//
// Run them with
//
//	go test ./generator/e2e
//	go test ./generator/e2e -run TestSearch/typed -v
//
// They need Chromium: /usr/bin/chromium, or the path in the environment
// variable CHROMIUM (apt-get install chromium; .ci/run installs it). Without
// it the tests skip, except when CI=true, where they fail. -short skips them.
//
// Every page a test opens fails the test if it logs a console error, throws
// an uncaught exception, or violates its Content Security Policy.
package e2e
