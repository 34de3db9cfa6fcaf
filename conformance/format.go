package conformance

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The widths that keep timeline lines under about 110 characters.
const (
	pathWidth     = 38
	callPathWidth = 28
	errorWidth    = 32
	maxLines      = 30 // lines a verdict lists before it says how many more
)

// at formats an offset on the journal clock: "+  12.3ms".
func at(d time.Duration) string { return fmt.Sprintf("+%7.1fms", float64(d.Microseconds())/1000) }

// clip shortens s to at most n runes, keeping its head and tail (a call ID
// sits at the end of a path).
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := (n - 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}

// requestLine formats a journal request: start, kind, method, path,
// credential, session and generation, status (or outcome), end and the
// script's action: "+   12.5ms  api     GET  /api/items?authconform_call=c1 ... expired  s1 g1  401 at +   14.5ms".
func requestLine(q Request) string {
	sg := "-"
	if q.Session != 0 || q.Generation != 0 {
		sg = fmt.Sprintf("s%d g%d", q.Session, q.Generation)
	}
	result := strconv.Itoa(q.Status)
	if q.unanswered() {
		result = q.Outcome
	}
	line := fmt.Sprintf("%s  %-7s %-4s %-*s %-8s %-6s %s at %s",
		at(q.Start), q.Kind, q.Method, pathWidth, clip(q.Path, pathWidth), q.Cred, sg, result, at(q.End))
	if q.Action != "" {
		line += " (" + q.Action + ")"
	}
	return line
}

// callLine formats a client call at its start, with how it settled:
// "+   12.3ms  call c1 burst GET /api/items  → ok 200 at +   45.0ms".
func callLine(c Call) string {
	return fmt.Sprintf("%s  call %s %-5s %s %s  → %s", at(c.Start), c.ID, c.Phase, c.Method, clip(c.Path, callPathWidth), settled(c))
}

// settled says how a call settled.
func settled(c Call) string {
	switch c.Outcome {
	case OutcomePending:
		return "PENDING at deadline"
	case OutcomeOK:
		return fmt.Sprintf("ok %d at %s", c.Status, at(c.End))
	case OutcomeError:
		s := "error"
		if c.Status != 0 {
			s += " " + strconv.Itoa(c.Status)
		}
		return fmt.Sprintf("%s %q at %s", s, clip(c.Error, errorWidth), at(c.End))
	}
	return fmt.Sprintf("%s at %s", c.Outcome, at(c.End))
}

// foreignLine formats a request to another origin; it names the
// credentials sent, never their values.
func foreignLine(f ForeignRequest) string {
	var sent []string
	if f.Authorization != "" {
		scheme, _, _ := strings.Cut(f.Authorization, " ")
		sent = append(sent, "Authorization: "+scheme+" …")
	}
	if len(f.Cookies) > 0 {
		sent = append(sent, "cookies: "+strings.Join(f.Cookies, ", "))
	}
	if len(sent) == 0 {
		sent = append(sent, "no credentials")
	}
	return fmt.Sprintf("%s  foreign %s  %s", at(f.Start), clip(f.Path, pathWidth), clip(strings.Join(sent, "; "), 50))
}

// lines formats requests and calls for a verdict, like the timeline: in
// order of time, each request once (by Seq), at most maxLines of them.
func lines(reqs []Request, calls []Call) []string {
	var es []event
	for _, c := range calls {
		es = append(es, event{t: c.Start, rank: 1, line: callLine(c)})
	}
	seen := make(map[uint64]bool)
	for _, q := range reqs {
		if q.Seq != 0 && seen[q.Seq] {
			continue
		}
		seen[q.Seq] = true
		es = append(es, event{t: q.Start, rank: 2, seq: q.Seq, line: requestLine(q)})
	}
	out := sortedLines(es)
	if len(out) > maxLines {
		n := len(out) - maxLines
		out = append(out[:maxLines], fmt.Sprintf("... and %d more", n))
	}
	return out
}

// plural formats a count with its noun: "1 refresh call", "4 refresh calls".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// callIDs lists calls by ID: "c1, c2".
func callIDs(calls []Call) string {
	ids := make([]string, len(calls))
	for i, c := range calls {
		ids[i] = c.ID
	}
	return strings.Join(ids, ", ")
}

// holds says what credentials a client state still holds.
func holds(s *State) string {
	if len(s.Credentials) == 0 {
		return "no credentials"
	}
	return "credentials remain: " + strings.Join(s.Credentials, ", ")
}
