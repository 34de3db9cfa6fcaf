package process

import (
	"fmt"
	"strings"
)

// problem records a protocol problem; they become the error Close returns.
// Problems of one kind ("" for none) are kept once and counted.
func (s *session) problem(kind, format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.problems {
		if kind != "" && s.problems[i].kind == kind {
			s.problems[i].more++
			return
		}
	}
	if len(s.problems) >= maxProblems {
		s.dropped++
		return
	}
	s.problems = append(s.problems, problem{kind: kind, msg: fmt.Sprintf(format, args...)})
}

// problem is one kind of problem: the first occurrence and a count of
// the others.
type problem struct {
	kind, msg string
	more      int
}

func (p problem) String() string {
	if p.more > 0 {
		return fmt.Sprintf("%s (and %d more like it)", p.msg, p.more)
	}
	return p.msg
}

// deathCause says how the client stopped talking.
func (s *session) deathCause() string {
	if s.p.hasExited() {
		return "exited (" + s.p.exitStatus() + ")"
	}
	return "closed its stdout"
}

// deadError is the error of a command sent to, or waiting on, a dead client.
func (s *session) deadError() error {
	return fmt.Errorf("process: the client %s%s", s.deathCause(), s.stderrTail())
}

// stderrTail quotes the end of the client's stderr for an error message.
func (s *session) stderrTail() string {
	var ls []string
	for _, l := range s.stderr.recent() {
		ls = append(ls, clip(l, stderrLineInErr))
	}
	if t := quoteTail(ls); t != "" {
		return "; its stderr ends with: " + t
	}
	return "; its stderr is empty"
}

// evidenceSoFar is what a Start error shows: stray stdout lines, the end
// of stderr and the working directory.
func (s *session) evidenceSoFar() string {
	var b strings.Builder
	s.mu.Lock()
	if len(s.garbage) > 0 {
		fmt.Fprintf(&b, "; its stdout said %s (stdout is for protocol messages only; log to stderr)", strings.Join(s.garbage, ", "))
	}
	s.mu.Unlock()
	b.WriteString(s.stderrTail())
	fmt.Fprintf(&b, " (working directory %s", s.d.workDir())
	if missing := s.d.missingPaths(); len(missing) > 0 {
		fmt.Fprintf(&b, ", where %s does not exist: give absolute paths", strings.Join(missing, " and "))
	}
	b.WriteString(")")
	return b.String()
}
