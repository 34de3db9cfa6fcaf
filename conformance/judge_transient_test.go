package conformance

// always503: every refresh is answered 503; the client tries three times,
// then rejects the queue.
func always503() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1", "c2").
		refresh(13, 14, 503, 1).refresh(20, 21, 503, 1).refresh(40, 41, 503, 1).
		fail(42, "service unavailable", "c1", "c2").
		settle(42).state(false, "access (memory)")
}

func transientCases() []judgeCase {
	return []judgeCase{
		// TR-1
		{rule: "TR-1", name: "retry succeeds", ev: transient(), want: Pass, says: "2 refresh attempts, every call settled"},
		{rule: "TR-1", name: "three attempts then give up", ev: always503(), want: Pass, says: "3 refresh attempts"},
		{rule: "TR-1", name: "dropped connection counts",
			ev: build().login(0).burst(10, "c1").api(11, 12, 401, "expired", 1, "c1").
				refresh(13, 14, 0, 1).outcome("dropped").action("drop").
				fail(15, "network error", "c1").settle(15).state(false, "access (memory)"),
			want: Pass, says: "1 refresh attempt"},
		{rule: "TR-1", name: "unbounded retry",
			ev:   always503().refresh(60, 61, 503, 1).refresh(80, 81, 503, 1),
			want: Fail, says: "5 refresh attempts"},
		{rule: "TR-1", name: "waiters never settle",
			ev:   always503().pending("c1", "c2").settle(1010),
			want: Fail, says: "2 calls still pending at the deadline (c1, c2)"},
		{rule: "TR-1", name: "no transient failure", ev: terminal(), want: NotJudged, says: "no refresh failed transiently"},

		// TR-2
		{rule: "TR-2", name: "retry keeps the session", ev: transient(), want: Pass, says: "still logged in"},
		{rule: "TR-2", name: "logs out despite the retry (M13)",
			ev: transient().logout(15, 16, 200).state(true).
				with(func(ev *Evidence) {
					for i := range ev.Rounds[0].Calls {
						c := &ev.Rounds[0].Calls[i]
						c.Outcome, c.Status, c.Error = OutcomeError, 0, "TypeError: cannot read properties of undefined"
					}
				}),
			want: Fail, says: "logged out; 1 logout call; 2 calls did not succeed (c1, c2)"},
		{rule: "TR-2", name: "no retry succeeded, session kept", ev: always503(), want: NotJudged, says: "no retry succeeded, and the client kept the session"},
		{rule: "TR-2", name: "logs out at the first 503 (M13)",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1", "c2").
				refresh(13, 14, 503, 1).logout(15, 16, 200).
				fail(16, "TypeError: cannot read properties of undefined", "c1", "c2").
				settle(16).state(true),
			want: Fail, says: "logged out after 1 refresh attempt"},
		{rule: "TR-2", name: "logs out after three attempts",
			ev: always503().logout(43, 44, 200).state(true), want: NotJudged, says: "after 3 failed refresh attempts, as TR-2 allows"},
		{rule: "TR-2", name: "terminal failure in the round", ev: terminal(), want: NotJudged, says: "without a terminal failure"},
		{rule: "TR-2", name: "no state",
			ev:   transient().with(func(ev *Evidence) { ev.Rounds[0].State = nil }),
			want: NotJudged, says: reasonNoState},

		// TO-1
		{rule: "TO-1", name: "client timeout", ev: hang(), want: Pass, says: "abandoned the refresh in time"},
		{rule: "TO-1", name: "no refresh timeout (M15)",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1", "c2").
				refresh(13, 1500, 0, 1).outcome("hung").action("hang").
				settle(1010).state(false, "access (memory)"),
			want: Fail, says: "never abandoned by the client; 2 calls still pending at the deadline (c1, c2)"},
		{rule: "TO-1", name: "timeout longer than the deadline",
			ev:   hang().with(func(ev *Evidence) { ev.Server[3].End = ms(1200) }),
			want: Fail, says: "abandoned only at + 1200.0ms, after the deadline"},
		{rule: "TO-1", name: "refresh answered", ev: happy(), want: NotJudged, says: "no refresh went unanswered"},
	}
}
