package conformance

import (
	"fmt"
	"strings"
)

// judgeSF1: the expiry is the first round with an api request answered
// 401 (none: not judged). Exactly one refresh request must start in that
// round's window [Burst, QuietEnd].
func judgeSF1(ev *Evidence) Verdict {
	r, first := ev.first401()
	if r < 0 {
		return notJudged(reasonNo401)
	}
	refs := ev.refreshesInWindow(r)
	v := decide(len(refs) == 1, "exactly 1 refresh call", plural(len(refs), "refresh call"))
	v.Reason = fmt.Sprintf("round %d: first 401 at %s; refreshes counted from the burst to the quiet end",
		ev.Rounds[r].N, at(first.End))
	v.Lines = lines(append([]Request{first}, refs...), nil)
	return v
}

// judgeSF2: in the round of SF-1, the burst and late calls that got a 401
// (needs call IDs; none: not judged) must wait for the one refresh. It
// fails if any of them is pending at the deadline, if a refresh of the
// round succeeded and any of them did not succeed, or if the window holds
// other than one refresh. Actual names each part that failed.
func judgeSF2(ev *Evidence) Verdict {
	r, _ := ev.first401()
	if r < 0 {
		return notJudged(reasonNo401)
	}
	if !ev.hasCallIDs() {
		return notJudged(reasonNoCallIDs)
	}
	rd, reqs := ev.Rounds[r], ev.inRound(r)
	w := rd.waiting(byCall(reqs))
	if len(w) == 0 {
		return notJudged("no burst or late call got a 401")
	}
	refs := ev.refreshesInWindow(r)
	var problems []string
	var shown []Call
	if p := callsWhere(w, Call.pending); len(p) > 0 {
		problems = append(problems, fmt.Sprintf("%s still pending at the deadline (%s)",
			plural(len(p), "call"), callIDs(p)))
		shown = append(shown, p...)
	}
	if len(where(ofKind(reqs, kindRefresh), Request.succeeded)) > 0 {
		bad := callsWhere(w, func(c Call) bool { return !c.pending() && !c.Succeeded() })
		if len(bad) > 0 {
			problems = append(problems, fmt.Sprintf("the refresh succeeded but %s did not (%s)",
				plural(len(bad), "waiting call"), callIDs(bad)))
			shown = append(shown, bad...)
		}
	}
	if len(refs) != 1 {
		problems = append(problems, plural(len(refs), "refresh call")+" instead of 1")
	}
	actual := fmt.Sprintf("%s got a 401 and waited for 1 refresh", plural(len(w), "call"))
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0,
		"the calls that got a 401 wait for 1 refresh: none pending, all succeed when it succeeds", actual)
	v.Lines = lines(refs, shown)
	return v
}

// judgeSF3: R is the first successful refresh of round 1 (none: not
// judged). A late 401 is an api request with a call ID, answered 401, that
// ended after R ended and carried a generation <= R's (the old credential),
// and that the server held until after the refresh on purpose (action
// "hold"): a 401 answered a few microseconds after the refresh ended may
// reach the client before the refresh's answer does, so only a held one is
// late from the client's point of view too; none: not judged. Every late-401 call must have succeeded and have a
// later api request (started after its late 401 ended) with a valid
// credential of a generation > R's; and the window holds exactly 1 refresh.
func judgeSF3(ev *Evidence) Verdict {
	if len(ev.Rounds) == 0 {
		return notJudged("the evidence has no rounds")
	}
	if !ev.hasCallIDs() {
		return notJudged(reasonNoCallIDs)
	}
	rd, reqs := ev.Rounds[0], ev.inRound(0)
	R, ok := firstWhere(ofKind(reqs, kindRefresh), Request.succeeded)
	if !ok {
		return notJudged("no refresh succeeded in round 1")
	}
	late := where(ofKind(reqs, kindAPI), func(q Request) bool {
		return q.Call != "" && q.Status == 401 && q.End > R.End && q.Generation <= R.Generation && q.Action == "hold"
	})
	if len(late) == 0 {
		return notJudged("no 401 arrived after the refresh finished (the server held none until then)")
	}
	calls := byCall(reqs)
	var problems []string
	var shown []Request
	for _, l := range late {
		c, known := rd.callByID(l.Call)
		replayed := false
		for _, q := range calls[l.Call] {
			if q.Start > l.End && q.Cred == "valid" && q.Generation > R.Generation {
				replayed = true
			}
		}
		switch {
		case !replayed:
			problems = append(problems, l.Call+" not replayed with the new credential")
		case !known || !c.Succeeded():
			problems = append(problems, l.Call+" did not succeed")
		default:
			continue
		}
		shown = append(shown, calls[l.Call]...)
	}
	refs := ev.refreshesInWindow(0)
	if len(refs) != 1 {
		problems = append(problems, plural(len(refs), "refresh call")+" instead of 1")
	}
	actual := fmt.Sprintf("%s replayed with the new credential, 1 refresh", plural(len(late), "late 401"))
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "each late 401 replayed with the new credential and succeeding; 1 refresh", actual)
	v.Reason = fmt.Sprintf("the refresh ended at %s; late 401s: %s", at(R.End), plural(len(late), "request"))
	v.Lines = lines(append(append(append([]Request{R}, refs...), late...), shown...), nil)
	return v
}

// judgeRP1: in the round of SF-1, which needs a successful refresh (else
// not judged) and call IDs, every burst or late call that got a 401 must
// have been sent once more for each 401 it got, at most twice in all, and
// succeeded. With the usual single 401 that is: one replay, and it
// succeeds. Actual lists each offending call with its requests.
func judgeRP1(ev *Evidence) Verdict {
	r, _ := ev.first401()
	if r < 0 {
		return notJudged(reasonNo401)
	}
	rd, reqs := ev.Rounds[r], ev.inRound(r)
	if len(where(ofKind(reqs, kindRefresh), Request.succeeded)) == 0 {
		return notJudged(fmt.Sprintf("no refresh succeeded in round %d", rd.N))
	}
	if !ev.hasCallIDs() {
		return notJudged(reasonNoCallIDs)
	}
	calls := byCall(reqs)
	w := rd.waiting(calls)
	if len(w) == 0 {
		return notJudged("no burst or late call got a 401")
	}
	var problems []string
	var shownCalls []Call
	var shown []Request
	for _, c := range w {
		sent, n401 := len(calls[c.ID]), count401(calls[c.ID])
		if sent == n401+1 && sent <= 2 && c.Succeeded() {
			continue
		}
		problems = append(problems, fmt.Sprintf("%s sent %s for %s, %s",
			c.ID, plural(sent, "time"), plural(n401, "401"), settled(c)))
		shownCalls = append(shownCalls, c)
		shown = append(shown, calls[c.ID]...)
	}
	actual := fmt.Sprintf("%s replayed once and succeeded", plural(len(w), "waiting call"))
	if len(problems) > 0 {
		actual = strings.Join(problems, "; ")
	}
	v := decide(len(problems) == 0, "each call that got a 401 sent exactly once more, and succeeding", actual)
	v.Lines = lines(shown, shownCalls)
	return v
}
