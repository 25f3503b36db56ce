package corpus

import "math/rand/v2"

// Word lists of the generated articles. The order matters: earlier words
// are drawn more often (a Zipf-like distribution), as in real text.

var products = []struct {
	name      string
	platforms []string
}{
	{"Microsoft Outlook", []string{"Windows 11", "Windows 10", "macOS"}},
	{"iOS Mail", []string{"iOS", "iPadOS"}},
	{"Google Chrome", []string{"Windows", "macOS", "Linux", "ChromeOS", "Android"}},
	{"Windows Update", []string{"Windows 11", "Windows 10"}},
	{"Thunderbird", []string{"Windows", "macOS", "Linux"}},
	{"Microsoft Teams", []string{"Windows", "macOS", "iOS", "Android"}},
	{"Zoom", []string{"Windows", "macOS", "iOS", "Android"}},
	{"Slack", []string{"Windows", "macOS", "Linux"}},
	{"Microsoft Excel", []string{"Windows 11", "Windows 10", "macOS"}},
	{"Adobe Acrobat Reader", []string{"Windows", "macOS"}},
	{"Steam", []string{"Windows", "macOS", "Linux", "Steam Deck"}},
	{"Xbox App", []string{"Windows 11", "Windows 10", "Xbox Series X"}},
	{"OneDrive", []string{"Windows 11", "Windows 10", "macOS"}},
	{"Dropbox", []string{"Windows", "macOS", "Linux"}},
	{"Visual Studio Code", []string{"Windows", "macOS", "Linux"}},
	{"Docker Desktop", []string{"Windows", "macOS", "Linux"}},
	{"macOS Software Update", []string{"macOS Sonoma", "macOS Sequoia"}},
	{"Android Messages", []string{"Android 14", "Android 15"}},
	{"Mozilla Firefox", []string{"Windows", "macOS", "Linux", "Android"}},
	{"Spotify", []string{"Windows", "macOS", "iOS", "Android"}},
}

var nouns = []string{
	"server", "account", "connection", "settings", "password", "network", "file", "update",
	"profile", "certificate", "service", "device", "folder", "message", "app", "data",
	"cache", "browser", "proxy", "firewall", "port", "mailbox", "address", "window",
	"driver", "license", "version", "extension", "storage", "disk", "session", "token",
	"permission", "administrator", "router", "address book", "attachment", "calendar",
	"registry", "component", "installer", "package", "signature", "domain", "policy",
	"database", "library", "plugin", "protocol", "configuration", "credential", "key",
	"record", "request", "response", "timeout", "queue", "log", "backup", "sync",
	"partition", "volume", "user", "group", "tenant", "subscription", "mailbox rule",
	"antivirus", "VPN", "DNS", "gateway", "adapter", "socket", "thread", "process",
	"handler", "endpoint", "channel", "buffer", "resource", "index", "archive",
	"container", "image", "module", "kernel", "firmware", "battery", "keyboard",
	"display", "monitor", "printer", "microphone", "camera", "speaker", "headset",
	"notification", "shortcut", "toolbar", "sidebar", "menu", "dialog", "tab",
	"workspace", "repository", "branch", "commit", "terminal", "shell", "path",
	"variable", "environment", "runtime", "framework", "library folder", "quota",
}

var verbs = []string{
	"open", "select", "check", "restart", "remove", "install", "update", "sign in to",
	"turn off", "turn on", "reset", "delete", "clear", "enable", "disable", "verify",
	"change", "create", "add", "repair", "download", "reinstall", "close", "confirm",
	"choose", "copy", "paste", "type", "enter", "save", "run", "allow", "block",
	"export", "import", "rename", "move", "expand", "scroll to", "wait for",
	"sign out of", "reconnect", "refresh", "rebuild", "unplug", "plug in", "test",
	"compare", "look for", "contact", "upgrade", "roll back", "pause", "resume",
}

var adjectives = []string{
	"new", "default", "current", "old", "correct", "wrong", "local", "remote",
	"secure", "outdated", "damaged", "missing", "shared", "primary", "secondary",
	"incoming", "outgoing", "temporary", "cached", "expired", "invalid", "trusted",
	"untrusted", "corrupted", "previous", "latest", "advanced", "basic", "third-party",
	"built-in", "offline", "online", "encrypted", "public", "private", "hidden",
	"active", "inactive", "locked", "read-only", "full", "empty", "slow", "large",
}

var adverbs = []string{
	"again", "first", "then", "now", "still", "only", "also", "usually", "often",
	"sometimes", "automatically", "manually", "completely", "briefly", "again later",
}

var fillers = []string{
	"the", "the", "the", "your", "a", "this", "that", "each", "every", "any",
}

var preps = []string{
	"in", "on", "for", "from", "with", "to", "under", "after", "before", "at",
	"through", "without", "inside", "behind",
}

var menus = []string{
	"Settings", "File", "Account Settings", "Options", "Preferences", "Advanced",
	"Privacy and security", "Network", "General", "Tools", "Help", "About",
	"Server Settings", "Mail", "Accounts", "Troubleshoot", "Apps", "Storage",
	"Security", "Update & Security", "Connections", "System", "Extensions",
	"Downloads", "Sign out", "Save", "OK", "Apply", "Next", "Finish", "Repair",
	"Reset", "Clear data", "Restart now", "Check for updates",
}

var errorTemplates = []string{
	"Cannot connect to the %n",
	"The %n could not be %v",
	"%N %n failed",
	"Something went wrong while trying to %V your %n",
	"Access to the %n was denied",
	"The %a %n is not available",
	"Unable to %V the %n",
	"%N not found",
	"The %n is %a",
	"We couldn't %V your %n. Try again later",
	"An unexpected error occurred with the %n",
	"The operation timed out while waiting for the %n",
	"Your %n needs attention",
	"The %n has stopped working",
	"There was a problem with the %a %n",
	"Failed to load %n",
}

var questionTemplates = []string{
	"Why does the %n keep showing this error?",
	"Will I lose my %n if I %V the %n?",
	"Is it safe to %V the %a %n?",
	"How long does it take to %V the %n?",
	"Does this error mean my %n is %a?",
	"Can I %V the %n without an administrator?",
	"What does %a %n mean here?",
	"Why did the error come back after I %v the %n?",
}

var logWords = []string{"INFO", "WARN", "ERROR", "DEBUG"}

var participles = []string{
	"updated", "found", "opened", "verified", "loaded", "saved", "installed", "reached",
	"synchronized", "started", "completed", "downloaded", "created", "deleted", "renamed",
	"restored", "authenticated", "validated", "mounted", "registered",
}

// The long tail: real text has thousands of rare words (feature names,
// settings, jargon) for each common one. Made-up words of two or three
// syllables follow the real nouns in rank, so the vocabulary of a large
// corpus grows to thousands of terms, as a real knowledge base's does.
func init() {
	syllables := []string{"ka", "lo", "mi", "tra", "ven", "sor", "dex", "pli", "qua", "ron", "zel", "bar",
		"nit", "fus", "gal", "hor", "jin", "mok", "pes", "rul", "sab", "tem", "vor", "wix"}
	n := len(syllables)
	var tail []string
	for i := range n * n * n {
		w := syllables[i%n] + syllables[i/n%n]
		if i/(n*n) > 0 {
			w += syllables[i/(n*n)]
		}
		tail = append(tail, w)
	}
	r := rand.New(rand.NewPCG(7, 7))
	r.Shuffle(len(tail), func(i, j int) { tail[i], tail[j] = tail[j], tail[i] })
	nouns = append(nouns, tail[:6000]...)
}
