package conformance

import (
	"fmt"
	"strings"
)

// judgeTR1: the first round with a transient refresh (5xx, dropped, hung,
// abandoned; none: not judged). At most 3 refresh requests may start in its
// window, and no burst or late call may be pending at the deadline.
func judgeTR1(ev *Evidence) Verdict {
	r, _ := ev.firstRound(kindRefresh, Request.transient)
	if r < 0 {
		return notJudged("no refresh failed transiently (5xx, dropped, hung, abandoned)")
	}
	rd := ev.Rounds[r]
	refs := ev.refreshesInWindow(r)
	var problems []string
	if len(refs) > 3 {
		problems = append(problems, plural(len(refs), "refresh attempt"))
	}
	pending := callsWhere(rd.burstLate(), Call.pending)
	if len(pending) > 0 {
		problems = append(problems, fmt.Sprintf("%s still pending at the deadline (%s)",
			plural(len(pending), "call"), callIDs(pending)))
	}
	actual := fmt.Sprintf("%s, every call settled", plural(len(refs), "refresh attempt"))
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "at most 3 refresh attempts, every call settled by the deadline", actual)
	v.Lines = lines(refs, pending)
	return v
}

// judgeTR2: the first round with a transient refresh failure and no
// terminal one (none: not judged); with the round's state (none: not
// judged). If a later refresh of the round succeeded, the client must still
// be logged in, must not have called logout, and every burst or late call
// must succeed. If none succeeded, a client that logged out (state or a
// logout call) before making 3 refresh attempts fails: it gave up on a
// transient failure without the bounded retry that might have succeeded
// (M13); one that kept the session, or logged out only after 3 attempts,
// leaves the rule not judged.
func judgeTR2(ev *Evidence) Verdict {
	r := -1
	var refs []Request
	var first Request
	for i := range ev.Rounds {
		rr := ofKind(ev.inRound(i), kindRefresh)
		t, ok := firstWhere(rr, Request.transient)
		if _, terminal := firstWhere(rr, Request.terminal); ok && !terminal {
			r, refs, first = i, rr, t
			break
		}
	}
	if r < 0 {
		return notJudged("no refresh failed transiently without a terminal failure in the same round")
	}
	rd := ev.Rounds[r]
	if rd.State == nil {
		return notJudged(reasonNoState)
	}
	outs := ofKind(ev.inRound(r), kindLogout)
	loggedOut := rd.State.LoggedOut || len(outs) > 0
	success, retried := firstWhere(startedAfter(refs, first.Start), Request.succeeded)
	if !retried {
		switch {
		case !loggedOut:
			return notJudged("no retry succeeded, and the client kept the session")
		case len(refs) >= 3:
			return notJudged(fmt.Sprintf("the client logged out after %s, as TR-2 allows", plural(len(refs), "failed refresh attempt")))
		}
		v := decide(false, "a bounded retry (up to 3 attempts) before any logout",
			fmt.Sprintf("logged out after %s", plural(len(refs), "refresh attempt")))
		v.Reason = fmt.Sprintf("a refresh failed transiently at %s", at(first.End))
		v.Lines = lines(append(refs, outs...), nil)
		return v
	}
	bad := callsWhere(rd.burstLate(), func(c Call) bool { return !c.Succeeded() })
	var problems []string
	if rd.State.LoggedOut {
		problems = append(problems, "logged out")
	}
	if len(outs) > 0 {
		problems = append(problems, plural(len(outs), "logout call"))
	}
	if len(bad) > 0 {
		problems = append(problems, fmt.Sprintf("%s did not succeed (%s)", plural(len(bad), "call"), callIDs(bad)))
	}
	actual := "still logged in, every call succeeded"
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "still logged in, no logout call, every call succeeding", actual)
	v.Reason = fmt.Sprintf("a refresh failed transiently at %s and a retry succeeded at %s", at(first.End), at(success.End))
	v.Lines = lines(append([]Request{first, success}, outs...), bad)
	return v
}

// judgeTO1: the first round with a refresh that hung or was abandoned
// (none: not judged). Every such refresh of the round must have been
// abandoned by the client (hung: the server had to close it) by the
// deadline, and no burst or late call may be pending.
func judgeTO1(ev *Evidence) Verdict {
	never := func(q Request) bool { return q.Outcome == "hung" || q.Outcome == "abandoned" }
	r, _ := ev.firstRound(kindRefresh, never)
	if r < 0 {
		return notJudged("no refresh went unanswered (hung or abandoned)")
	}
	rd := ev.Rounds[r]
	stuck := where(ofKind(ev.inRound(r), kindRefresh), never)
	var problems []string
	for _, q := range stuck {
		switch {
		case q.Outcome == "hung":
			problems = append(problems, fmt.Sprintf("the refresh at %s was never abandoned by the client", at(q.Start)))
		case q.End > rd.DeadlineAt:
			problems = append(problems, fmt.Sprintf("the refresh at %s was abandoned only at %s, after the deadline",
				at(q.Start), at(q.End)))
		}
	}
	pending := callsWhere(rd.burstLate(), Call.pending)
	if len(pending) > 0 {
		problems = append(problems, fmt.Sprintf("%s still pending at the deadline (%s)",
			plural(len(pending), "call"), callIDs(pending)))
	}
	actual := "the client abandoned the refresh in time and every call settled"
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "the refresh abandoned by the client before the deadline, every call settled", actual)
	v.Reason = "the deadline was " + at(rd.DeadlineAt)
	v.Lines = lines(stuck, pending)
	return v
}
