package conformance

import "fmt"

// judgeRT1: with rotation on (rotate or reuse-detect) and at least one
// successful refresh (else not judged), no refresh request may present a
// spent refresh token.
func judgeRT1(ev *Evidence) Verdict {
	if ev.Rotation != "rotate" && ev.Rotation != "reuse-detect" {
		return notJudged(fmt.Sprintf("refresh tokens do not rotate (rotation %q)", ev.Rotation))
	}
	refs := ofKind(ev.Server, kindRefresh)
	if len(where(refs, Request.succeeded)) == 0 {
		return notJudged("no refresh succeeded, so no refresh token was spent")
	}
	spent := where(refs, func(q Request) bool { return q.Cred == "spent" })
	v := decide(len(spent) == 0, "no spent refresh token presented",
		plural(len(spent), "refresh call")+" with a spent token")
	v.Lines = lines(spent, nil)
	return v
}

// judgeSEC1: the last round's state must say whether page scripts can read
// the refresh token (else not judged); it must be false.
func judgeSEC1(ev *Evidence) Verdict {
	if len(ev.Rounds) == 0 {
		return notJudged("the evidence has no rounds")
	}
	s := ev.Rounds[len(ev.Rounds)-1].State
	if s == nil {
		return notJudged(reasonNoState)
	}
	if s.RefreshReadable == nil {
		return notJudged("the target cannot tell whether page scripts can read the refresh token")
	}
	actual := "not readable by page scripts"
	if *s.RefreshReadable {
		actual = "readable by page scripts"
	}
	return decide(!*s.RefreshReadable, "not readable by page scripts", actual)
}

// judgeSEC2: needs requests to another origin (else not judged); none of
// them may carry an Authorization header or cookies.
func judgeSEC2(ev *Evidence) Verdict {
	if len(ev.Foreign) == 0 {
		return notJudged("no request went to another origin")
	}
	var leaked []string
	for _, f := range ev.Foreign {
		if f.Authorization != "" || len(f.Cookies) > 0 {
			leaked = append(leaked, foreignLine(f))
		}
	}
	v := decide(len(leaked) == 0, "no credentials sent to another origin",
		fmt.Sprintf("%s of %d to another origin carried credentials", plural(len(leaked), "request"), len(ev.Foreign)))
	if len(leaked) > maxLines {
		leaked = append(leaked[:maxLines], fmt.Sprintf("... and %d more", len(leaked)-maxLines))
	}
	v.Lines = leaked
	return v
}
