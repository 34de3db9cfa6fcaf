//go:build !unix

package process

import (
	"os/exec"
	"syscall"
)

// ownGroup does nothing where there are no process groups.
func ownGroup(*exec.Cmd) {}

// signal kills the process itself: without process groups its children
// cannot be reached.
func (p *proc) signal(syscall.Signal) error {
	if p.cmd.Process == nil {
		return nil
	}
	return p.cmd.Process.Kill()
}
