package conformance

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The timeline's size: past timelineMax lines it keeps the first and last
// timelineKeep.
const (
	timelineMax  = 200
	timelineKeep = 80
)

// event is one timeline line with what orders it: time, then marks before
// calls before requests, then the order of arrival.
type event struct {
	t    time.Duration
	rank int
	seq  uint64
	line string
}

// Timeline returns a compact text timeline of the evidence: one line per
// journal request, per client call (at its start, with how it settled) and
// per request to another origin, ordered by time, with the marks of each
// round (login, burst, deadline, settled, quiet end, end with the client's
// state). ExampleTimeline shows one.
//
// A call still pending at the deadline shows "→ PENDING at deadline". Past
// 200 lines it keeps the first and last 80 and says how many it left out.
func Timeline(ev *Evidence) string {
	if ev == nil {
		return ""
	}
	var es []event
	for _, rd := range ev.Rounds {
		es = append(es, marks(rd)...)
		for _, c := range rd.Calls {
			es = append(es, event{t: c.Start, rank: 1, line: callLine(c)})
		}
	}
	for _, q := range ev.Server {
		es = append(es, event{t: q.Start, rank: 2, seq: q.Seq, line: requestLine(q)})
	}
	for _, f := range ev.Foreign {
		es = append(es, event{t: f.Start, rank: 3, line: foreignLine(f)})
	}
	out := make([]string, 0, len(es)+2)
	if ev.Observed != "" {
		out = append(out, "calls read from "+ev.Observed)
	}
	if ev.JournalDropped > 0 {
		out = append(out, fmt.Sprintf("!! the journal dropped %d entries: this timeline is incomplete", ev.JournalDropped))
	}
	body := sortedLines(es)
	if len(body) > timelineMax {
		omitted := len(body) - 2*timelineKeep
		head, tail := body[:timelineKeep], body[len(body)-timelineKeep:]
		body = append(append(append([]string(nil), head...),
			fmt.Sprintf("... %d lines omitted ...", omitted)), tail...)
	}
	return strings.Join(append(out, body...), "\n")
}

// sortedLines orders events by time, marks before calls before requests
// at the same time, then by order of arrival; it returns their lines.
func sortedLines(es []event) []string {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.t != b.t {
			return a.t < b.t
		}
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		return a.seq < b.seq
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.line
	}
	return out
}

// marks returns a round's marks, in the order they normally occur (the sort
// keeps that order for marks at the same time); a mark after the round's
// end (a deadline nobody waited for) is left out.
func marks(rd Round) []event {
	mark := func(t time.Duration, what string) event {
		return event{t: t, line: fmt.Sprintf("%s  ── round %d %s", at(t), rd.N, what)}
	}
	login := "login"
	if rd.LoginError != "" {
		login += " failed: " + clip(rd.LoginError, 60)
	}
	es := []event{mark(rd.Start, login)}
	for _, m := range []struct {
		t    time.Duration
		what string
	}{
		{rd.Burst, "burst"}, {rd.DeadlineAt, "deadline"}, {rd.Settled, "settled"},
		{rd.QuietEnd, "quiet end"}, {rd.End, "end: " + stateSummary(rd.State)},
	} {
		if m.t > 0 && (rd.End == 0 || m.t <= rd.End) {
			es = append(es, mark(m.t, m.what))
		}
	}
	return es
}

// stateSummary says in a few words what state the client reported.
func stateSummary(s *State) string {
	if s == nil {
		return "state not reported"
	}
	in := "logged in"
	if s.LoggedOut {
		in = "logged out"
	}
	return clip(in+", "+holds(s), 80)
}
