package conformance

import (
	"sort"
	"time"
)

// The journal kinds and outcomes the judges read.
const (
	kindAPI     = "api"
	kindRefresh = "refresh"
	kindLogout  = "logout"
)

// succeeded: the server answered the request with a 2xx status.
func (r Request) succeeded() bool {
	return r.Status >= 200 && r.Status < 300 && !r.unanswered()
}

// terminal: a refresh answered 400, 401 or 403: the refresh credential is
// dead (invalid_grant, revoked, disabled).
func (r Request) terminal() bool {
	return r.Status == 400 || r.Status == 401 || r.Status == 403
}

// transient: a failure that says nothing about the session: a 5xx, or no
// answer at all (dropped, hung, abandoned).
func (r Request) transient() bool { return r.Status >= 500 || r.unanswered() }

// unanswered: the server wrote no answer the client read.
func (r Request) unanswered() bool {
	return r.Outcome == "dropped" || r.Outcome == "hung" || r.Outcome == "abandoned"
}

// pending: the call had not settled at the deadline.
func (c Call) pending() bool { return c.Outcome == OutcomePending }

// burstOrLate: the call belongs to the round's burst (burst or late phase).
func (c Call) burstOrLate() bool { return c.Phase == PhaseBurst || c.Phase == PhaseLate }

// roundEnd is where round r's requests stop belonging to it: the next
// round's Start, or never for the last round.
func (ev *Evidence) roundEnd(r int) (time.Duration, bool) {
	if r+1 < len(ev.Rounds) {
		return ev.Rounds[r+1].Start, true
	}
	return 0, false
}

// inRound returns the journal requests that belong to round r (their Start
// in [Rounds[r].Start, Rounds[r+1].Start)), ordered by Start.
func (ev *Evidence) inRound(r int) []Request {
	from := ev.Rounds[r].Start
	if li := ev.Rounds[r].LoggedIn; li > 0 {
		// What a client sent before its login settled (an app restoring
		// a session at start-up) is not the scenario's.
		from = li
	}
	to, bounded := ev.roundEnd(r)
	var out []Request
	for _, q := range ev.Server {
		if q.Start >= from && (!bounded || q.Start < to) {
			out = append(out, q)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// inWindow reports whether t is in the round's window [Burst, QuietEnd],
// where refreshes are counted.
func (rd Round) inWindow(t time.Duration) bool { return t >= rd.Burst && t <= rd.QuietEnd }

// hasCallIDs reports whether any journal request carries a call ID.
func (ev *Evidence) hasCallIDs() bool {
	for _, q := range ev.Server {
		if q.Call != "" {
			return true
		}
	}
	return false
}

// where returns the requests for which keep is true.
func where(reqs []Request, keep func(Request) bool) []Request {
	var out []Request
	for _, q := range reqs {
		if keep(q) {
			out = append(out, q)
		}
	}
	return out
}

// ofKind returns the requests of one kind.
func ofKind(reqs []Request, kind string) []Request {
	return where(reqs, func(q Request) bool { return q.Kind == kind })
}

// refreshesInWindow returns the refresh requests of round r started in its
// window.
func (ev *Evidence) refreshesInWindow(r int) []Request {
	rd := ev.Rounds[r]
	return where(ofKind(ev.inRound(r), kindRefresh), func(q Request) bool { return rd.inWindow(q.Start) })
}

// startedAfter returns the requests started strictly after t.
func startedAfter(reqs []Request, t time.Duration) []Request {
	return where(reqs, func(q Request) bool { return q.Start > t })
}

// firstWhere returns the first request for which keep is true.
func firstWhere(reqs []Request, keep func(Request) bool) (Request, bool) {
	for _, q := range reqs {
		if keep(q) {
			return q, true
		}
	}
	return Request{}, false
}

// firstRound returns the first round with a request of the kind for which
// keep is true, with that request; -1 when there is none.
func (ev *Evidence) firstRound(kind string, keep func(Request) bool) (int, Request) {
	for r := range ev.Rounds {
		if q, ok := firstWhere(ofKind(ev.inRound(r), kind), keep); ok {
			return r, q
		}
	}
	return -1, Request{}
}

// first401 returns the first round with an api request answered 401 (the
// expiry), and that request; -1 when there is none.
func (ev *Evidence) first401() (int, Request) {
	return ev.firstRound(kindAPI, func(q Request) bool { return q.Status == 401 })
}

// failedRefreshRound returns the first round with at least one refresh and
// no successful one, with its refreshes; -1 when there is none.
func (ev *Evidence) failedRefreshRound() (int, []Request) {
	for r := range ev.Rounds {
		refs := ofKind(ev.inRound(r), kindRefresh)
		if len(refs) > 0 && len(where(refs, Request.succeeded)) == 0 {
			return r, refs
		}
	}
	return -1, nil
}

// byCall groups api requests by the call they belong to, each group in the
// order of Start.
func byCall(reqs []Request) map[string][]Request {
	m := make(map[string][]Request)
	for _, q := range reqs {
		if q.Kind == kindAPI && q.Call != "" {
			m[q.Call] = append(m[q.Call], q)
		}
	}
	return m
}

// count401 counts the requests answered 401.
func count401(reqs []Request) int {
	return len(where(reqs, func(q Request) bool { return q.Status == 401 }))
}

// burstLate returns the round's burst and late calls.
func (rd Round) burstLate() []Call { return callsWhere(rd.Calls, Call.burstOrLate) }

// callsWhere returns the calls for which keep is true.
func callsWhere(calls []Call, keep func(Call) bool) []Call {
	var out []Call
	for _, c := range calls {
		if keep(c) {
			out = append(out, c)
		}
	}
	return out
}

// waiting returns the round's burst and late calls that got a 401: some api
// request for the call was answered 401.
func (rd Round) waiting(calls map[string][]Request) []Call {
	return callsWhere(rd.burstLate(), func(c Call) bool { return count401(calls[c.ID]) > 0 })
}

// callByID finds a call of the round.
func (rd Round) callByID(id string) (Call, bool) {
	for _, c := range rd.Calls {
		if c.ID == id {
			return c, true
		}
	}
	return Call{}, false
}
