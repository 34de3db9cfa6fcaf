package process

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// lines keeps a bounded log: the first head lines and the last tail lines,
// counting what it leaves out in between. Each line is cut at maxLineLen.
type lines struct {
	head, tail int
	mu         sync.Mutex
	first      []string
	last       []string // a ring once full
	next       int      // where the ring writes next
	omitted    int
}

// maxLineLen bounds one kept line, in bytes.
const maxLineLen = 2000

func newLines(head, tail int) *lines { return &lines{head: head, tail: tail} }

// add keeps one line.
func (l *lines) add(s string) {
	s = clip(s, maxLineLen)
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case len(l.first) < l.head:
		l.first = append(l.first, s)
	case len(l.last) < l.tail:
		l.last = append(l.last, s)
	default:
		l.last[l.next] = s
		l.next = (l.next + 1) % l.tail
		l.omitted++
	}
}

// all returns the kept lines in order, with a line saying how many were
// left out.
func (l *lines) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := append([]string(nil), l.first...)
	if l.omitted > 0 {
		out = append(out, fmt.Sprintf("... %d lines omitted ...", l.omitted))
	}
	out = append(out, l.last[l.next:]...)
	return append(out, l.last[:l.next]...)
}

// recent returns the kept lines of the tail, without the head or a note
// of what was left out.
func (l *lines) recent() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append(append([]string(nil), l.last[l.next:]...), l.last[:l.next]...)
}

// clip cuts s to at most n bytes, on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("… (%d bytes cut)", len(s)-cut)
}

// quoteTail formats the last lines of a log for an error message.
func quoteTail(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, " ⏎ ")
}
