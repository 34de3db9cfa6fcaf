package process

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/authconform/authconform/runner"
)

// The defaults of Driver's timing fields.
const (
	DefaultHelloTimeout  = 10 * time.Second
	DefaultShutdownGrace = 5 * time.Second
	DefaultKillGrace     = 2 * time.Second
)

// ioGrace bounds how long the harness waits for a dead client's output to
// drain (a child that escaped its process group may hold the pipes).
const ioGrace = 500 * time.Millisecond

// starting bounds how many clients start at once in this process, from
// exec to hello: dozens of runs starting an interpreter together would
// starve each other past the hello timeout, which is meant to measure the
// client's own start.
var starting = make(chan struct{}, max(4, 2*runtime.NumCPU()))

// Driver runs a client as a process speaking the process protocol (see
// docs/process-protocol.md): one process per run, started in a process
// group of its own, spoken to in JSON lines over its stdin and stdout. Its
// stderr goes into the evidence.
//
// The zero value of each timing field means its default.
type Driver struct {
	// Command is the program and its arguments, as Split returns them.
	Command []string
	// Dir is the working directory ("" the harness's own).
	Dir string
	// Env is added to the harness's environment ("NAME=value").
	Env []string
	// HelloTimeout bounds the wait for the client's hello (default 10s).
	HelloTimeout time.Duration
	// ShutdownGrace is how long the client has to exit after the shutdown
	// message (default 5s: an interpreter on a loaded machine can take
	// seconds to tear down); then its group gets SIGTERM, and KillGrace
	// (default 2s) later SIGKILL.
	ShutdownGrace, KillGrace time.Duration
}

func (d Driver) helloTimeout() time.Duration { return orDefault(d.HelloTimeout, DefaultHelloTimeout) }
func (d Driver) shutdownGrace() time.Duration {
	return orDefault(d.ShutdownGrace, DefaultShutdownGrace)
}
func (d Driver) killGrace() time.Duration { return orDefault(d.KillGrace, DefaultKillGrace) }

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// String is the command line, quoted where needed.
func (d Driver) String() string {
	out := make([]string, len(d.Command))
	for i, a := range d.Command {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$|&;<>") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

// Start starts the client and exchanges hellos. The process lives until
// Close, or until ctx ends. Only a few clients start at once; the others
// wait their turn before their hello timeout begins. An error means there
// is no client to test: it could not start, exited, or sent no acceptable
// hello in time; the error says why, with the end of its stderr.
func (d Driver) Start(ctx context.Context, env runner.Env) (runner.Session, error) {
	if len(d.Command) == 0 {
		return nil, errEmptyCommand
	}
	select {
	case starting <- struct{}{}:
		defer func() { <-starting }()
	case <-ctx.Done():
		return nil, fmt.Errorf("process: %s: %w", d, ctx.Err())
	}
	p, err := startProc(ctx, d.Command, d.Dir, d.Env, d.killGrace())
	if err != nil {
		return nil, fmt.Errorf("process: starting %s: %w%s", d, err, d.startHint(err))
	}
	s := newSession(d, env.User, p)
	s.w.send(newHello(env, d.shutdownGrace()))
	t := time.NewTimer(d.helloTimeout())
	defer t.Stop()
	select {
	case m := <-s.helloCh:
		if m.Version == Version {
			return s, nil
		}
		s.kill()
		return nil, fmt.Errorf("process: %s speaks protocol version %d; this harness speaks version %d (docs/process-protocol.md)", d, m.Version, Version)
	case <-s.dead:
		s.kill()
		return nil, fmt.Errorf("process: %s %s before answering the hello%s", d, s.deathCause(), s.evidenceSoFar())
	case <-t.C:
		s.kill()
		return nil, fmt.Errorf("process: %s sent no hello within %v: a client answers the harness's hello first (docs/process-protocol.md)%s", d, d.helloTimeout(), s.evidenceSoFar())
	case <-ctx.Done():
		s.kill()
		return nil, fmt.Errorf("process: %s: %w", d, ctx.Err())
	}
}

// startHint says how to fix a command that could not start.
func (d Driver) startHint(err error) string {
	prog := d.Command[0]
	switch {
	case errors.Is(err, exec.ErrNotFound):
		return " (is it installed and on PATH? or give its path)"
	case errors.Is(err, os.ErrNotExist) && !filepath.IsAbs(prog):
		return fmt.Sprintf(" (relative to the working directory %s: give an absolute path)", d.workDir())
	case errors.Is(err, os.ErrPermission):
		return " (is it executable? chmod +x, or run it through its interpreter)"
	}
	return ""
}

// missingPaths lists the command's relative arguments that look like
// files (a script.py, lib/client.js) but do not exist in the working
// directory: the usual mistake when the harness runs in another folder.
func (d Driver) missingPaths() []string {
	var out []string
	for _, a := range d.Command[1:] {
		if a == "" || strings.HasPrefix(a, "-") || filepath.IsAbs(a) || strings.ContainsAny(a, "= \t'\"") {
			continue // a flag, an absolute path, or not a path at all
		}
		if !strings.ContainsRune(a, '/') && !scriptExt.MatchString(filepath.Ext(a)) {
			continue // a plain word
		}
		if _, err := os.Stat(filepath.Join(d.workDir(), a)); errors.Is(err, os.ErrNotExist) {
			out = append(out, a)
		}
	}
	return out
}

// scriptExt matches the extension of a file name (.py, .js, .jar).
var scriptExt = regexp.MustCompile(`^\.[A-Za-z0-9]{1,5}$`)

// workDir is the directory the client runs in.
func (d Driver) workDir() string {
	if d.Dir != "" {
		return d.Dir
	}
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	return wd
}
