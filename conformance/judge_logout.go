package conformance

import (
	"fmt"
	"strings"
)

const reasonNoTerminal = "no refresh failed terminally (400, 401, 403)"

// judgeLO1: the first round with a terminal refresh (400, 401, 403; none:
// not judged) must end logged out with no credentials left, as the
// target's state for that round says (no state: not judged).
func judgeLO1(ev *Evidence) Verdict {
	r, t := ev.firstRound(kindRefresh, Request.terminal)
	if r < 0 {
		return notJudged(reasonNoTerminal)
	}
	s := ev.Rounds[r].State
	if s == nil {
		return notJudged(reasonNoState)
	}
	v := decide(s.LoggedOut && len(s.Credentials) == 0, "logged out, no credentials", loggedState(s))
	v.Reason = fmt.Sprintf("the refresh was answered %d at %s", t.Status, at(t.End))
	v.Lines = lines([]Request{t}, nil)
	return v
}

// judgeLO2: in the round of LO-1, exactly one logout request must start
// after the terminal refresh started.
func judgeLO2(ev *Evidence) Verdict {
	r, t := ev.firstRound(kindRefresh, Request.terminal)
	if r < 0 {
		return notJudged(reasonNoTerminal)
	}
	outs := startedAfter(ofKind(ev.inRound(r), kindLogout), t.Start)
	v := decide(len(outs) == 1, "exactly 1 logout call", plural(len(outs), "logout call"))
	v.Lines = lines(append([]Request{t}, outs...), nil)
	return v
}

// judgeLO3: the first round with a logout request that was not answered
// 2xx (a status of 300 or more, or dropped, hung, abandoned; none: not
// judged) must end logged out with no credentials left (no state: not
// judged), and no refresh may start in the round after that logout
// started.
func judgeLO3(ev *Evidence) Verdict {
	r, out := ev.firstRound(kindLogout, func(q Request) bool { return q.Status >= 300 || q.unanswered() })
	if r < 0 {
		return notJudged("no logout call failed")
	}
	s := ev.Rounds[r].State
	if s == nil {
		return notJudged(reasonNoState)
	}
	refs := startedAfter(ofKind(ev.inRound(r), kindRefresh), out.Start)
	var problems []string
	if !s.LoggedOut || len(s.Credentials) > 0 {
		problems = append(problems, loggedState(s))
	}
	if len(refs) > 0 {
		problems = append(problems, plural(len(refs), "refresh call")+" after the failed logout")
	}
	actual := "logged out, no credentials, no refresh after the failed logout"
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "logged out, no credentials, no refresh after the failed logout", actual)
	v.Lines = lines(append([]Request{out}, refs...), nil)
	return v
}

// judgeRS1: needs a second round (else not judged). Its login must have
// worked, exactly one refresh must start in its window and succeed, and
// every burst or late call of the round must succeed (a round without
// any: not judged).
func judgeRS1(ev *Evidence) Verdict {
	if len(ev.Rounds) < 2 {
		return notJudged("the evidence has no second round")
	}
	rd := ev.Rounds[1]
	expected := "a new login, then 1 successful refresh and every call succeeding"
	if rd.LoginError != "" {
		return decide(false, expected, "the new login failed: "+rd.LoginError)
	}
	calls := rd.burstLate()
	if len(calls) == 0 {
		return notJudged("round 2 made no burst or late call")
	}
	refs := ev.refreshesInWindow(1)
	var problems []string
	switch ok := where(refs, Request.succeeded); {
	case len(refs) != 1:
		problems = append(problems, plural(len(refs), "refresh call")+" instead of 1")
	case len(ok) != 1:
		problems = append(problems, "the refresh failed")
	}
	bad := callsWhere(calls, func(c Call) bool { return !c.Succeeded() })
	if len(bad) > 0 {
		problems = append(problems, fmt.Sprintf("%s did not succeed (%s)", plural(len(bad), "call"), callIDs(bad)))
	}
	actual := fmt.Sprintf("logged in again, 1 refresh, %s succeeded", plural(len(calls), "call"))
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, expected, actual)
	v.Lines = lines(refs, bad)
	return v
}

// loggedState says whether the client is logged out and what it holds.
func loggedState(s *State) string {
	in := "still logged in"
	if s.LoggedOut {
		in = "logged out"
	}
	return in + ", " + holds(s)
}
