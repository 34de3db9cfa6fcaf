package process

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// proc is a started client process: its own process group, the parent's
// ends of its three pipes, and its exit.
type proc struct {
	cmd *exec.Cmd
	// stdin is written by the harness; stdout and stderr are read.
	stdin, stdout, stderr *os.File
	exited                chan struct{} // closed once the process has exited and its group is killed
	err                   error         // Wait's error, set before exited is closed
}

// startProc starts argv in a process group of its own. When ctx ends its
// group gets SIGTERM, and SIGKILL killGrace later. Once the process has
// exited, whatever is left of its group (children it forked) is killed.
func startProc(ctx context.Context, argv []string, dir string, env []string, killGrace time.Duration) (*proc, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	if len(env) > 0 {
		cmd.Env = append(os.Environ(), env...)
	}
	ownGroup(cmd)
	var files []*os.File // every pipe end, closed on a failed start
	pipe := func() (r, w *os.File, err error) {
		r, w, err = os.Pipe()
		files = append(files, r, w)
		return r, w, err
	}
	closeAll := func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}
	inR, inW, err1 := pipe()
	outR, outW, err2 := pipe()
	errR, errW, err3 := pipe()
	if err := errors.Join(err1, err2, err3); err != nil {
		closeAll()
		return nil, fmt.Errorf("making pipes: %w", err)
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = inR, outW, errW
	p := &proc{cmd: cmd, stdin: inW, stdout: outR, stderr: errR, exited: make(chan struct{})}
	cmd.Cancel = func() error { return p.signal(syscall.SIGTERM) }
	cmd.WaitDelay = killGrace // then Wait kills the process itself
	if err := cmd.Start(); err != nil {
		closeAll()
		return nil, err
	}
	// The child holds its ends now; the parent must not, or it would never
	// see the client's stdout end.
	inR.Close()
	outW.Close()
	errW.Close()
	go func() {
		err := cmd.Wait()
		// Children the client forked stay in its group: a dead client
		// leaves nothing behind. The group ID cannot be reused while a
		// member is alive, so this never hits a stranger.
		p.signal(syscall.SIGKILL)
		p.err = err
		close(p.exited)
	}()
	return p, nil
}

// pgid is the process group's ID: the leader's process ID.
func (p *proc) pgid() int { return p.cmd.Process.Pid }

// waitExit waits up to d for the process to exit; it reports whether it did.
func (p *proc) waitExit(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.exited:
		return true
	case <-t.C:
		return false
	}
}

// hasExited reports whether the process has exited.
func (p *proc) hasExited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// exitStatus describes how the process ended ("exit status 2", "signal:
// killed"); call it after exited is closed.
func (p *proc) exitStatus() string {
	if p.err == nil {
		return "exit status 0"
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		return ee.ProcessState.String()
	}
	return p.err.Error()
}

// exitedOK reports whether the process exited by itself with status 0.
func (p *proc) exitedOK() bool { return p.err == nil }
