package process

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/authconform/authconform/runner"
)

// maxMessage bounds one line of the client's stdout.
const maxMessage = 1 << 20

// readStdout reads the client's protocol messages until its stdout ends.
func (s *session) readStdout() {
	defer s.readers.Done()
	defer close(s.stdoutDone)
	br := bufio.NewReaderSize(s.p.stdout, 64<<10)
	for n := 1; ; n++ {
		line, long, err := readLine(br, maxMessage)
		if long {
			s.problem("long", "stdout line %d is longer than %d bytes; ignored", n, maxMessage)
		} else if len(bytes.TrimSpace(line)) > 0 {
			s.handle(n, line)
		}
		if err != nil {
			return
		}
	}
}

// readStderr keeps the client's stderr lines as console evidence.
func (s *session) readStderr() {
	defer s.readers.Done()
	defer close(s.stderrDone)
	br := bufio.NewReaderSize(s.p.stderr, 16<<10)
	for {
		line, _, err := readLine(br, maxLineLen)
		if t := strings.TrimRight(string(line), "\r\n"); t != "" {
			s.console.add(t)
			s.stderr.add(t)
		}
		if err != nil {
			return
		}
	}
}

// readLine reads one line of at most max bytes, without its newline; long
// reports a line that was longer (its rest is discarded). err is set at
// the end of the input, with the last line, if any, in line.
func readLine(br *bufio.Reader, max int) (line []byte, long bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > max {
			long = true
		} else {
			line = append(line, chunk...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		if long {
			line = line[:min(len(line), max)]
		}
		return line, long, err
	}
}

// quote quotes a string the client sent for a problem's message, cut to a
// length that keeps the message readable.
func quote(s string) string { return fmt.Sprintf("%q", clip(s, 100)) }

// watch marks the client dead when its stdout ends: once it exits, or
// closes its stdout, it can answer nothing more.
func (s *session) watch() {
	defer close(s.watchDone)
	select {
	case <-s.stdoutDone:
	case <-s.p.exited:
		// Replies it wrote before exiting are still in the pipe: give them
		// a moment (a child outside its group may hold the pipe open).
		t := time.NewTimer(ioGrace)
		select {
		case <-s.stdoutDone:
		case <-t.C:
		}
		t.Stop()
	}
	// Its exit status and last stderr lines make the record useful.
	s.p.waitExit(ioGrace)
	t := time.NewTimer(ioGrace)
	select {
	case <-s.stderrDone:
	case <-t.C:
	}
	t.Stop()
	s.mu.Lock()
	early := !s.closing && s.helloSeen
	s.earlyDeath = early
	close(s.dead)
	s.mu.Unlock()
	if early {
		msg := "the client " + s.deathCause() + " before the run ended"
		if ids := s.unanswered(); len(ids) > 0 {
			msg += fmt.Sprintf(" with %d requests unanswered (%s)", len(ids), strings.Join(ids, ", "))
		}
		s.problem("", "%s%s", msg, s.stderrTail())
	}
}

// handle dispatches one line of the client's stdout.
func (s *session) handle(n int, line []byte) {
	var m incoming
	if err := json.Unmarshal(line, &m); err != nil || m.Type == "" {
		q := fmt.Sprintf("%q", clip(string(line), 200))
		s.problem("garbage", "stdout line %d is not a protocol message (a JSON object with a \"type\"): %s; stdout is for protocol messages only, log to stderr", n, q)
		s.mu.Lock()
		if len(s.garbage) < garbageInErr {
			s.garbage = append(s.garbage, q)
		}
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	helloSeen := s.helloSeen
	if m.Type == typeHello {
		s.helloSeen = true
	}
	s.mu.Unlock()
	switch {
	case m.Type == typeHello && helloSeen:
		s.problem("hello", "stdout line %d: a second hello; ignored", n)
	case m.Type == typeHello:
		s.helloCh <- m
	case !helloSeen:
		s.problem("early", "stdout line %d: a %s message before the client's hello; ignored", n, quote(m.Type))
	case m.Type == typeReply:
		s.reply(n, m)
	case m.Type == typeEvent:
		s.event(m)
	default:
		s.problem("type", "stdout line %d: unknown message type %s; ignored", n, quote(m.Type))
	}
}

// reply settles the command the reply answers.
func (s *session) reply(n int, m incoming) {
	s.mu.Lock()
	w := s.waiting[m.ID]
	twice := s.answered[m.ID]
	if w != nil {
		delete(s.waiting, m.ID)
		s.answered[m.ID] = true
	}
	s.mu.Unlock()
	switch {
	case w == nil && m.ID == "":
		s.problem("noid", "stdout line %d: a reply without an id; ignored", n)
		return
	case w == nil && twice:
		s.problem("twice", "stdout line %d: a second reply to %s; ignored (each command is answered once)", n, quote(m.ID))
		return
	case w == nil:
		s.problem("unknown", "stdout line %d: a reply to %s, an id the harness never sent; ignored", n, quote(m.ID))
		return
	}
	if w.kind != typeRequest {
		w.ch <- m // buffered: the caller may have given up
		return
	}
	res := runner.Result{Status: m.Status}
	switch {
	case m.Error != "":
		res.Err = errors.New(clip(m.Error, maxLineLen))
	case m.Status < 100 || m.Status > 599:
		s.problem("nostatus", "stdout line %d: the reply to %q has neither an error nor a valid status (%d)", n, m.ID, m.Status)
		res.Err = fmt.Errorf("the client answered with neither an error nor a valid status (%d)", m.Status)
	}
	w.done(res)
}

// event records something the client did by itself.
func (s *session) event(m incoming) {
	line := "event: " + m.Event
	if m.Detail != "" {
		line += ": " + m.Detail
	}
	s.console.add(line)
	if m.Event == EventLogout {
		s.mu.Lock()
		s.logouts++
		s.mu.Unlock()
	}
}
