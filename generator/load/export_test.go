package load

// YAMLSeeds gives the fuzz tests of package load_test the seeds the
// parser tests start from.
var YAMLSeeds = yamlSeeds

// AdviceFields gives the field names syntaxAdvice knows: of the top level,
// of a cause, fix or question, of both.
func AdviceFields() (top, nested, shared []string) { return topFields, nestedFields, sharedFields }
