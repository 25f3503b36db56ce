//go:build !unix

package build

import "time"

// processCPU is not measured here: build -timings shows wall time only.
func processCPU() time.Duration { return 0 }
