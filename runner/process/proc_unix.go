//go:build unix

package process

import (
	"errors"
	"os/exec"
	"syscall"
)

// ownGroup makes the command the leader of a new process group, so the
// harness can signal it and every child it forks at once.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// signal sends sig to the process's whole group; a group already gone is
// not an error.
func (p *proc) signal(sig syscall.Signal) error {
	if p.cmd.Process == nil {
		return nil
	}
	if err := syscall.Kill(-p.pgid(), sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return err
	}
	return nil
}
