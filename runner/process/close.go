package process

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"
)

// kill stops the client at once, after a failed Start.
func (s *session) kill() {
	s.p.signal(syscall.SIGKILL)
	s.p.waitExit(s.d.killGrace() + ioGrace)
	s.finish()
}

// Close asks the client to shut down, waits ShutdownGrace, then stops its
// process group with SIGTERM and SIGKILL. It returns the protocol problems
// of the run, and a shutdown that needed a signal, as one error.
func (s *session) Close() error {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.w.send(command{Type: typeShutdown})
	s.w.close()
	if !s.p.waitExit(s.d.shutdownGrace()) {
		s.problem("", "the client did not exit within %v of the shutdown message; its process group got SIGTERM", s.d.shutdownGrace())
		s.p.signal(syscall.SIGTERM)
		if !s.p.waitExit(s.d.killGrace()) {
			s.problem("", "the client did not exit within %v of SIGTERM; its process group got SIGKILL", s.d.killGrace())
			s.p.signal(syscall.SIGKILL)
			s.p.waitExit(time.Minute) // SIGKILL cannot be ignored
		}
	} else if <-s.watchDone; !s.p.exitedOK() && !s.diedEarly() {
		s.problem("", "the client exited with %s after the shutdown message (want exit status 0)%s", s.p.exitStatus(), s.stderrTail())
	}
	s.finish()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.problems) == 0 {
		return nil
	}
	msgs := make([]string, len(s.problems))
	for i, p := range s.problems {
		msgs[i] = p.String()
	}
	msg := strings.Join(msgs, "; ")
	if s.dropped > 0 {
		msg += fmt.Sprintf("; and %d more problems", s.dropped)
	}
	return errors.New("process: " + msg)
}

// diedEarly reports whether the client stopped before the shutdown (a
// problem already on record).
func (s *session) diedEarly() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.earlyDeath
}

// finish releases the pipes and goroutines of a client that has exited
// (or could not be stopped): its output gets ioGrace to drain.
func (s *session) finish() {
	s.w.abort()
	t := time.NewTimer(ioGrace)
	defer t.Stop()
	for _, ch := range []chan struct{}{s.stdoutDone, s.stderrDone} {
		select {
		case <-ch:
		case <-t.C:
		}
	}
	s.p.stdout.Close()
	s.p.stderr.Close()
	s.readers.Wait()
	<-s.watchDone
}
