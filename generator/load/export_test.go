package load

// YAMLSeeds gives the fuzz tests of package load_test the seeds the
// parser tests start from.
var YAMLSeeds = yamlSeeds
