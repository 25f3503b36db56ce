//go:build unix

package build

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used so far, user and system,
// on every thread.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
