// Package leakcheck finds what a test leaves behind: goroutines, child
// processes, listening ports and temp folders.
//
// Take a Snapshot before the code under test runs and call Check (or let
// Cleanup do both) once it has been shut down: everything that is new since
// the snapshot is given a grace period to go away, then reported. It sees
// only this process and its descendants, so tests running at the same time
// in other processes do not disturb it; tests running in parallel in the
// same process do, so do not use it in a parallel test.
package leakcheck

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// DefaultGrace is how long Cleanup gives goroutines, processes, ports and
// folders to go away once the test is over.
const DefaultGrace = 5 * time.Second

// Snapshot is what ran in this process when it was taken.
type Snapshot struct {
	globs      []string
	goroutines map[string]bool // by ID
	children   map[int]bool
	ports      map[string]bool
	folders    map[string]bool
}

// Take records the goroutines, descendant processes and listening ports of
// this process, and the paths matching each glob (e.g.
// filepath.Join(os.TempDir(), "authconform-browser-*")).
func Take(globs ...string) *Snapshot {
	s := &Snapshot{globs: globs}
	s.goroutines = keys(goroutines())
	s.children = keys(descendants())
	s.ports = keys(listeners())
	s.folders = keys(matches(globs))
	return s
}

// Leaks waits up to grace for everything new since the snapshot to go away
// and describes what is still there, one line each; nil means nothing leaked.
// Idle keep-alive connections of http.DefaultTransport are closed first:
// they are a cache, not a leak.
func (s *Snapshot) Leaks(grace time.Duration) []string {
	deadline := time.Now().Add(grace)
	for {
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			t.CloseIdleConnections()
		}
		leaks := s.leaks()
		if len(leaks) == 0 || time.Now().After(deadline) {
			return leaks
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Snapshot) leaks() []string {
	var out []string
	for id, stack := range goroutines() {
		if !s.goroutines[id] && !benign(stack) {
			out = append(out, "goroutine "+id+": "+firstFrames(stack, 6))
		}
	}
	for pid, args := range descendants() {
		if !s.children[pid] {
			out = append(out, fmt.Sprintf("process %d: %.200s", pid, args))
		}
	}
	for addr := range listeners() {
		if !s.ports[addr] {
			out = append(out, "listening socket "+addr)
		}
	}
	for path := range matches(s.globs) {
		if !s.folders[path] {
			out = append(out, "folder "+path)
		}
	}
	sort.Strings(out)
	return out
}

// Check fails tb with every leak still there after grace.
func (s *Snapshot) Check(tb testing.TB, grace time.Duration) {
	tb.Helper()
	for _, l := range s.Leaks(grace) {
		tb.Errorf("left behind: %s", l)
	}
}

// Cleanup takes a snapshot now and checks it with DefaultGrace when the test
// ends, after the cleanups registered later (which run first) have shut the
// code under test down.
func Cleanup(tb testing.TB, globs ...string) *Snapshot {
	tb.Helper()
	s := Take(globs...)
	tb.Cleanup(func() { s.Check(tb, DefaultGrace) })
	return s
}

// benign reports goroutines that belong to the test framework or the
// runtime rather than to the code under test.
func benign(stack string) bool {
	for _, f := range []string{
		"testing.tRunner", "testing.(*T).Run", "testing.(*F).Fuzz", "testing.runFuzzing",
		"os/signal.signal_recv", "os/signal.loop", "runtime.ensureSigM",
	} {
		if strings.Contains(stack, f) {
			return true
		}
	}
	return false
}

// goroutines returns every goroutine's stack by its ID.
func goroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtimeStack(buf)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range strings.Split(string(buf), "\n\n") {
		head, _, _ := strings.Cut(g, "\n")
		f := strings.Fields(head) // goroutine 7 [chan receive]:
		if len(f) >= 2 && f[0] == "goroutine" {
			out[f[1]] = g
		}
	}
	return out
}

// firstFrames returns the function names of a stack's first n frames.
func firstFrames(stack string, n int) string {
	lines := strings.Split(stack, "\n")
	var fs []string
	for i := 1; i < len(lines) && len(fs) < n; i += 2 {
		fn := strings.TrimSpace(lines[i])
		if j := strings.LastIndexByte(fn, '('); j > 0 {
			fn = fn[:j]
		}
		fs = append(fs, fn)
	}
	return strings.Join(fs, " ← ")
}

// matches returns the paths matching any glob.
func matches(globs []string) map[string]string {
	out := map[string]string{}
	for _, g := range globs {
		ms, _ := filepath.Glob(g)
		for _, m := range ms {
			out[m] = m
		}
	}
	return out
}

func keys[K comparable, V any](m map[K]V) map[K]bool {
	out := make(map[K]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// descendants returns the live (not zombie) processes descending from this
// one, with their command lines. Without /proc it finds none.
func descendants() map[int]string {
	procs := readProcs()
	self := os.Getpid()
	out := map[int]string{}
	for pid, p := range procs {
		if p.state == "Z" {
			continue
		}
		for q, hops := p, 0; q.ppid > 1 && hops < 64; hops++ {
			if q.ppid == self {
				out[pid] = p.args
				break
			}
			next, ok := procs[q.ppid]
			if !ok {
				break
			}
			q = next
		}
	}
	return out
}

// listeners returns the listening TCP sockets this process holds, as
// "tcp 127.0.0.1:PORT" or "tcp6 [hex]:PORT".
func listeners() map[string]string {
	inodes := socketInodes()
	out := map[string]string{}
	for _, proto := range []string{"tcp", "tcp6"} {
		for _, l := range listening(proto) {
			if slices.Contains(inodes, l.inode) {
				out[proto+" "+l.addr] = l.addr
			}
		}
	}
	return out
}
