package jsonld

// For the external tests: answerHTML's two ways.
var (
	BareAnswerHTML  = bareAnswerHTML
	TokenAnswerHTML = func(s string) string { return tokenAnswerHTML(s, nil) }
)
