package process

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/authconform/authconform/runner"
)

// FuzzStdout feeds arbitrary bytes to the harness as a client's stdout
// after its hello. Whatever they hold, the reader returns when they end,
// settles each command at most once, keeps its records bounded (problems,
// console lines, the length of each) and never panics. The line splitter
// is checked against bytes.SplitAfter with a small limit, so that long
// lines and lines cut by a full buffer are reached too.
func FuzzStdout(f *testing.F) {
	for _, s := range []string{
		`{"type":"reply","id":"r1","status":200}` + "\n",
		`{"type":"reply","id":"r1","error":"network error"}` + "\r\n" + `{"type":"reply","id":"r1","status":200}`,
		`{"type":"reply","id":"login-1"}` + "\n" + `{"type":"reply","id":"state-2","state":{"logged_out":true,"credentials":[],"logouts":1}}`,
		`{"type":"event","event":"logout","detail":"refresh failed"}` + "\n",
		`{"type":"hello","version":1}` + "\n" + `{"type":"mystery"}` + "\n" + `{"type":"reply"}`,
		`{"type":"reply","id":"r2","status":99}` + "\n" + `{"type":"reply","id":"nope","status":200}`,
		"Starting client on port 3000...\n{not json\n\n\r\n",
		`{"type":"reply","id":"r1","status":1e400}`,
		`{"type":"reply","id":"r1","status":200,"state":{"logouts":-1}}` + "\x00\xff\n",
		`[{"type":"reply"}]` + "\n" + `"reply"` + "\n" + `null`,
		strings.Repeat(`{"type":"event","event":"x"}`+"\n", 300),
		`{"type":"reply","id":"` + strings.Repeat("i", 3000) + `","status":200}` + "\n" + `{"type":"reply","id":"r2","error":"` + strings.Repeat("e", 3000) + `"}` + "\n" + `{"type":"` + strings.Repeat("t", 3000) + `"}`,
		strings.Repeat("x", 100) + "\n" + strings.Repeat("y", 16) + "\n" + strings.Repeat("z", 15) + "\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLines(t, data, 16)
		checkStdout(t, data)
	})
}

// checkLines splits data with readLine and a limit of max bytes and
// compares the lines with bytes.SplitAfter's. A line counts with its
// newline against the limit.
func checkLines(t *testing.T, data []byte, max int) {
	want := bytes.SplitAfter(data, []byte("\n"))
	br := bufio.NewReaderSize(bytes.NewReader(data), 16)
	for i := 0; ; i++ {
		line, long, err := readLine(br, max)
		if i >= len(want) {
			t.Fatalf("line %d: readLine found more lines than the %d in %q", i+1, len(want), data)
		}
		seg := want[i]
		switch {
		case len(line) > max:
			t.Fatalf("line %d: %d bytes, over the limit %d", i+1, len(line), max)
		case long != (len(seg) > max):
			t.Fatalf("line %d %q: long %v; want %v", i+1, seg, long, len(seg) > max)
		case !long && !bytes.Equal(line, bytes.TrimRight(seg, "\r\n")):
			t.Fatalf("line %d: got %q; want %q", i+1, line, bytes.TrimRight(seg, "\r\n"))
		}
		if err != nil {
			if i != len(want)-1 {
				t.Fatalf("readLine ended after %d lines; want %d", i+1, len(want))
			}
			return
		}
	}
}

// checkStdout runs the stdout reader of a session waiting for two
// requests, a login and a state over data.
func checkStdout(t *testing.T, data []byte) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() {
		w.Write(data)
		w.Close()
	}()
	var mu sync.Mutex
	settled := map[string]int{}
	done := func(id string) func(runner.Result) {
		return func(res runner.Result) {
			mu.Lock()
			settled[id]++
			mu.Unlock()
			if res.Err == nil && (res.Status < 100 || res.Status > 599) {
				t.Errorf("%s settled with status %d and no error", id, res.Status)
			}
			if res.Err != nil && len(res.Err.Error()) > maxLineLen+50 {
				t.Errorf("%s settled with an error of %d bytes; want it cut to about %d", id, len(res.Err.Error()), maxLineLen)
			}
		}
	}
	login, state := make(chan incoming, 1), make(chan incoming, 1)
	s := &session{
		p:          &proc{stdout: r},
		console:    newLines(consoleHead, consoleTail),
		stderr:     newLines(0, stderrInErr),
		helloCh:    make(chan incoming, 1),
		stdoutDone: make(chan struct{}),
		helloSeen:  true,
		waiting: map[string]*waiter{
			"r1":      {kind: typeRequest, done: done("r1")},
			"r2":      {kind: typeRequest, done: done("r2")},
			"login-1": {kind: typeLogin, ch: login},
			"state-2": {kind: typeState, ch: state},
		},
		answered: map[string]bool{},
	}
	s.readers.Add(1)
	s.readStdout()

	for id, n := range settled {
		if n > 1 {
			t.Errorf("%s settled %d times; want at most once", id, n)
		}
	}
	if len(s.problems) > maxProblems {
		t.Errorf("%d problems kept; want at most %d", len(s.problems), maxProblems)
	}
	// A problem quotes at most a clipped piece of what the client wrote.
	const maxProblemLen = 1000
	for _, p := range s.problems {
		if len(p.msg) > maxProblemLen || !utf8.ValidString(p.msg) {
			t.Errorf("problem of %d bytes (want at most %d, valid UTF-8): %.200q", len(p.msg), maxProblemLen, p.msg)
		}
	}
	console := s.Console()
	if len(console) > consoleHead+consoleTail+1 {
		t.Errorf("%d console lines kept; want at most %d", len(console), consoleHead+consoleTail+1)
	}
	for _, l := range console {
		if len(l) > maxLineLen+50 {
			t.Errorf("console line of %d bytes; want at most about %d", len(l), maxLineLen)
		}
	}
}
