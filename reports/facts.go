package reports

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/authconform/authconform/conformance"
)

// maxNotes is how many console lines or problems a record lists.
const maxNotes = 10

// evidenceFacts sums up the evidence in a line of facts: the calls and how
// they settled, the requests, the refresh and logout calls with their
// results, and the client's state at the end of each round.
func evidenceFacts(ev *conformance.Evidence) []fact {
	var ok, failed, pending, calls int
	for _, rd := range ev.Rounds {
		for _, c := range rd.Calls {
			calls++
			switch c.Outcome {
			case conformance.OutcomeOK:
				ok++
			case conformance.OutcomePending:
				pending++
			default:
				failed++
			}
		}
	}
	out := []fact{
		{"calls", fmt.Sprintf("%d: %d ok, %d error, %d pending at the deadline", calls, ok, failed, pending), pending > 0},
		{"requests", strconv.Itoa(len(ev.Server)), false},
	}
	for _, k := range []string{"refresh", "logout"} {
		var results []string
		for _, q := range ev.Server {
			if q.Kind == k {
				results = append(results, reqResult(q))
			}
		}
		out = append(out, fact{k + " calls", countResults(results), false})
	}
	var states []string
	for _, rd := range ev.Rounds {
		s := stateText(rd.State)
		if len(ev.Rounds) > 1 {
			s = fmt.Sprintf("round %d: %s", rd.N, s)
		}
		states = append(states, s)
	}
	if len(states) > 0 {
		out = append(out, fact{"client at the end", strings.Join(states, "; "), false})
	}
	return out
}

// countResults says "0", or "3 (401, 503 ×2)".
func countResults(results []string) string {
	if len(results) == 0 {
		return "0"
	}
	var parts []string
	seen := map[string]int{}
	var order []string
	for _, r := range results {
		if seen[r] == 0 {
			order = append(order, r)
		}
		seen[r]++
	}
	for _, r := range order {
		if seen[r] > 1 {
			parts = append(parts, fmt.Sprintf("%s ×%d", r, seen[r]))
		} else {
			parts = append(parts, r)
		}
	}
	return fmt.Sprintf("%d (%s)", len(results), strings.Join(parts, ", "))
}

// stateText says what state a client reported.
func stateText(s *conformance.State) string {
	if s == nil {
		return "state not reported"
	}
	parts := []string{"logged in"}
	if s.LoggedOut {
		parts[0] = "logged out"
	}
	if len(s.Credentials) == 0 {
		parts = append(parts, "no credentials")
	} else {
		parts = append(parts, "credentials remain: "+strings.Join(s.Credentials, ", "))
	}
	parts = append(parts, fmt.Sprintf("logout events: %d", s.Logouts))
	if s.URL != "" {
		parts = append(parts, "at "+s.URL)
	}
	return strings.Join(parts, ", ")
}

// evidenceNotes lists what the reader must not miss: a journal that
// dropped entries, harness problems, console errors.
func evidenceNotes(ev *conformance.Evidence) []string {
	var out []string
	if ev.JournalDropped > 0 {
		out = append(out, fmt.Sprintf("the journal dropped %d entries: counts are incomplete", ev.JournalDropped))
	}
	for _, l := range []struct {
		what  string
		lines []string
	}{{"problem", ev.Problems}, {"console", ev.Console}} {
		for i, line := range l.lines {
			if i == maxNotes {
				out = append(out, fmt.Sprintf("%s: … and %d more", l.what, len(l.lines)-maxNotes))
				break
			}
			out = append(out, l.what+": "+clipText(line, 300))
		}
	}
	return slices.Clip(out)
}
