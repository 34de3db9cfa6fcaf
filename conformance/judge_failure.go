package conformance

import (
	"fmt"
	"strings"
)

// judgeRJ1: the first round with at least one refresh and none that
// succeeded (none: not judged). Every burst or late call must have settled
// by the deadline: an error, or a response that is not 2xx, both settle it
// with an error; a pending call fails the rule. A call that got a 401 and
// still succeeded fails it too (checked only when the requests carry call
// IDs).
func judgeRJ1(ev *Evidence) Verdict {
	r, refs := ev.failedRefreshRound()
	if r < 0 {
		return notJudged("no round had a refresh that failed without one that succeeded")
	}
	rd := ev.Rounds[r]
	var problems []string
	var shown []Call
	if p := callsWhere(rd.burstLate(), Call.pending); len(p) > 0 {
		problems = append(problems, fmt.Sprintf("%s still pending at the deadline: deadlock or hang (%s)",
			plural(len(p), "call"), callIDs(p)))
		shown = append(shown, p...)
	}
	reason := ""
	if ev.hasCallIDs() {
		if ok := callsWhere(rd.waiting(byCall(ev.inRound(r))), Call.Succeeded); len(ok) > 0 {
			problems = append(problems, fmt.Sprintf("%s got a 401 yet succeeded although no refresh did (%s)",
				plural(len(ok), "call"), callIDs(ok)))
			shown = append(shown, ok...)
		}
	} else {
		reason = "the requests carry no call ID: only pending calls were checked"
	}
	n := len(rd.burstLate())
	actual := fmt.Sprintf("%s settled with an error by %s", plural(n, "call"), at(rd.Settled))
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "every call settles with an error before the deadline", actual)
	v.Reason = reason
	v.Lines = lines(refs, shown)
	return v
}

// judgeRJ2: in the round of RJ-1, with call IDs, F is the End of the
// round's first refresh (they all failed). A blind replay is an api request
// started after F for a burst or late call that already had a 401 answer
// ending before F; any fails the rule.
func judgeRJ2(ev *Evidence) Verdict {
	r, refs := ev.failedRefreshRound()
	if r < 0 {
		return notJudged("no round had a refresh that failed without one that succeeded")
	}
	if !ev.hasCallIDs() {
		return notJudged(reasonNoCallIDs)
	}
	rd, F := ev.Rounds[r], refs[0].End
	calls := byCall(ev.inRound(r))
	var blind []Request
	for _, c := range rd.burstLate() {
		sent := calls[c.ID]
		if _, had := firstWhere(sent, func(q Request) bool { return q.Status == 401 && q.End < F }); had {
			blind = append(blind, startedAfter(sent, F)...)
		}
	}
	v := decide(len(blind) == 0, "no request sent again after the failed refresh",
		plural(len(blind), "request")+" sent again after the failed refresh")
	v.Reason = "the refresh failed at " + at(F)
	v.Lines = lines(append(refs[:1:1], blind...), nil)
	return v
}

// judgeRR1: the first refresh answered 401 or 403 (none: not judged); no
// refresh request of the same round may start after it ended.
func judgeRR1(ev *Evidence) Verdict {
	r, q := ev.firstRound(kindRefresh, func(q Request) bool { return q.Status == 401 || q.Status == 403 })
	if r < 0 {
		return notJudged("no refresh was answered 401 or 403")
	}
	again := startedAfter(ofKind(ev.inRound(r), kindRefresh), q.End)
	v := decide(len(again) == 0, "no refresh after the refresh answered "+fmt.Sprint(q.Status),
		plural(len(again), "refresh call")+" after it")
	v.Lines = lines(append([]Request{q}, again...), nil)
	return v
}

// judgeNL1: for every round with a quiet window (QuietEnd after Settled;
// none: not judged), no refresh request may start in [Settled, QuietEnd],
// nor an api request of a burst or late call (without call IDs: no api
// request at all).
func judgeNL1(ev *Evidence) Verdict {
	ids := ev.hasCallIDs()
	var loop []Request
	watched := 0
	for r, rd := range ev.Rounds {
		if rd.QuietEnd <= rd.Settled {
			continue
		}
		watched++
		burst := make(map[string]bool)
		for _, c := range rd.burstLate() {
			burst[c.ID] = true
		}
		loop = append(loop, where(ev.inRound(r), func(q Request) bool {
			if q.Start < rd.Settled || q.Start > rd.QuietEnd {
				return false
			}
			return q.Kind == kindRefresh || (q.Kind == kindAPI && (!ids || burst[q.Call]))
		})...)
	}
	if watched == 0 {
		return notJudged("no round watched a quiet window")
	}
	expected := "no refresh and no burst request in the quiet window"
	if !ids {
		expected = "no refresh and no api request in the quiet window"
	}
	v := decide(len(loop) == 0, expected, fmt.Sprintf("%s and %s in the quiet window",
		plural(len(ofKind(loop, kindRefresh)), "refresh call"), plural(len(ofKind(loop, kindAPI)), "api request")))
	v.Reason = fmt.Sprintf("%s watched", plural(watched, "quiet window"))
	v.Lines = lines(loop, nil)
	return v
}

// judgeNL2: the first round with a terminal refresh (400, 401, 403) and
// later actions (calls of phase after); neither: not judged. From the first
// later action's Start no refresh may start in the round; no later action
// may be pending or succeed.
func judgeNL2(ev *Evidence) Verdict {
	r, t := ev.firstRound(kindRefresh, Request.terminal)
	if r < 0 {
		return notJudged("no refresh failed terminally (400, 401, 403)")
	}
	rd := ev.Rounds[r]
	after := callsWhere(rd.Calls, func(c Call) bool { return c.Phase == PhaseAfter })
	if len(after) == 0 {
		return notJudged(fmt.Sprintf("round %d took no later action", rd.N))
	}
	from := after[0].Start
	for _, c := range after {
		from = min(from, c.Start)
	}
	refs := where(ofKind(ev.inRound(r), kindRefresh), func(q Request) bool { return q.Start >= from })
	var problems []string
	if len(refs) > 0 {
		problems = append(problems, plural(len(refs), "refresh call")+" after the later actions began")
	}
	if p := callsWhere(after, Call.pending); len(p) > 0 {
		problems = append(problems, fmt.Sprintf("%s pending (%s)", plural(len(p), "later action"), callIDs(p)))
	}
	if ok := callsWhere(after, Call.Succeeded); len(ok) > 0 {
		problems = append(problems, fmt.Sprintf("%s succeeded with a dead session (%s)",
			plural(len(ok), "later action"), callIDs(ok)))
	}
	actual := fmt.Sprintf("%s failed fast, no refresh", plural(len(after), "later action"))
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "later actions fail fast without a refresh", actual)
	v.Lines = lines(append([]Request{t}, refs...), after)
	return v
}
