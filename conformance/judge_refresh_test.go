package conformance

// noExpiry: every request succeeds; no 401, no refresh.
func noExpiry() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 200, "valid", 1, "c1", "c2").
		ok(13, 200, "c1", "c2").
		settle(13).state(false, "access (memory)")
}

func refreshCases() []judgeCase {
	return []judgeCase{
		// SF-1
		{rule: "SF-1", name: "single refresh", ev: happy(), want: Pass, says: "1 refresh call"},
		{rule: "SF-1", name: "every 401 refreshes (M7)",
			ev:   happy().refresh(14, 21, 200, 1).cred("spent").refresh(14, 22, 200, 1).cred("spent"),
			want: Fail, says: "3 refresh calls"},
		{rule: "SF-1", name: "storm after an unusable token (M8)",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1", "c2").
				refresh(13, 20, 200, 1).
				api(21, 22, 401, "invalid", 2, "c1", "c2").
				refresh(23, 25, 200, 2).
				ok(26, 401, "c1", "c2").settle(26),
			want: Fail, says: "2 refresh calls"},
		{rule: "SF-1", name: "no refresh at all",
			ev: build().login(0).burst(10, "c1").api(11, 12, 401, "expired", 1, "c1").
				ok(13, 401, "c1").settle(13),
			want: Fail, says: "0 refresh calls"},
		{rule: "SF-1", name: "second round counts",
			ev:   noExpiry().login(100).burst(110, "d1").api(111, 112, 401, "expired", 1, "d1").ok(113, 401, "d1").settle(113),
			want: Fail, says: "round 2"},
		{rule: "SF-1", name: "no 401", ev: noExpiry(), want: NotJudged, says: reasonNo401},

		// SF-2
		{rule: "SF-2", name: "every call waited", ev: happy(), want: Pass, says: "3 calls got a 401"},
		{rule: "SF-2", name: "late calls wait too",
			ev: happy().late(15, "l1").api(16, 17, 401, "expired", 1, "l1").
				api(21, 22, 200, "valid", 2, "l1").ok(23, 200, "l1"),
			want: Pass, says: "4 calls got a 401"},
		{rule: "SF-2", name: "in-flight 401 dropped (M5)",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1").
				refresh(13, 20, 200, 1).
				api(11, 15, 401, "expired", 1, "c2").
				api(21, 22, 200, "valid", 2, "c1").
				ok(23, 200, "c1").fail(15, "Request failed with status code 401", "c2").settle(23),
			want: Fail, says: "the refresh succeeded but 1 waiting call did not (c2)"},
		{rule: "SF-2", name: "deadlock behind the refresh (M2)",
			ev:   happy().pending("c1", "c2", "c3").settle(1010),
			want: Fail, says: "3 calls still pending at the deadline (c1, c2, c3)"},
		{rule: "SF-2", name: "refreshed again",
			ev:   happy().refresh(14, 21, 401, 1).cred("spent"),
			want: Fail, says: "2 refresh calls instead of 1"},
		{rule: "SF-2", name: "no 401", ev: noExpiry(), want: NotJudged, says: reasonNo401},
		{rule: "SF-2", name: "only later actions got a 401",
			ev: noExpiry().after(200, "a1").api(201, 202, 401, "expired", 1, "a1").
				refresh(203, 204, 200, 1).api(205, 206, 200, "valid", 2, "a1").ok(207, 200, "a1"),
			want: NotJudged, says: "no burst or late call got a 401"},

		// SF-3
		{rule: "SF-3", name: "late 401 replayed", ev: lateOK(), want: Pass, says: "1 late 401 replayed"},
		{rule: "SF-3", name: "late 401 refreshes again (M6)",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1").
				api(11, 25, 401, "expired", 1, "c2").action("hold").
				refresh(13, 20, 200, 1).
				api(21, 22, 200, "valid", 2, "c1").
				refresh(26, 30, 200, 2).
				api(31, 32, 200, "valid", 3, "c2").
				ok(23, 200, "c1").ok(33, 200, "c2").settle(33),
			want: Fail, says: "2 refresh calls instead of 1"},
		{rule: "SF-3", name: "late 401 given up",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1").
				api(11, 25, 401, "expired", 1, "c2").action("hold").
				refresh(13, 20, 200, 1).
				api(21, 22, 200, "valid", 2, "c1").
				ok(23, 200, "c1").fail(26, "401", "c2").settle(26),
			want: Fail, says: "c2 not replayed with the new credential"},
		{rule: "SF-3", name: "replayed but failed",
			ev:   lateOK().with(func(ev *Evidence) { ev.Rounds[0].Calls[1].Outcome = OutcomeError }),
			want: Fail, says: "c2 did not succeed"},
		{rule: "SF-3", name: "no late 401", ev: happy(), want: NotJudged, says: "no 401 arrived after the refresh finished"},
		{rule: "SF-3", name: "a 401 just after the refresh, not held",
			ev: lateOK().with(func(ev *Evidence) {
				for i := range ev.Server {
					ev.Server[i].Action = ""
				}
			}),
			want: NotJudged, says: "the server held none until then"},
		{rule: "SF-3", name: "no refresh succeeded", ev: terminal(), want: NotJudged, says: "no refresh succeeded in round 1"},

		// RP-1
		{rule: "RP-1", name: "each replayed once", ev: happy(), want: Pass, says: "3 waiting calls replayed once"},
		{rule: "RP-1", name: "replayed twice",
			ev:   happy().api(22, 23, 200, "valid", 2, "c2"),
			want: Fail, says: "c2 sent 3 times for 1 401"},
		{rule: "RP-1", name: "waiter lost",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1", "c2").
				refresh(13, 20, 200, 1).
				api(21, 22, 200, "valid", 2, "c1").
				ok(23, 200, "c1").fail(21, "canceled", "c2").settle(23),
			want: Fail, says: `c2 sent 1 time for 1 401, error "canceled"`},
		{rule: "RP-1", name: "replay rejected",
			ev: build().login(0).burst(10, "c1").
				api(11, 12, 401, "expired", 1, "c1").
				refresh(13, 20, 200, 1).
				api(21, 22, 401, "invalid", 2, "c1").
				ok(23, 401, "c1").settle(23),
			want: Fail, says: "c1 sent 2 times for 2 401s"},
		{rule: "RP-1", name: "no refresh succeeded", ev: terminal(), want: NotJudged, says: "no refresh succeeded in round 1"},
		{rule: "RP-1", name: "no 401", ev: noExpiry(), want: NotJudged, says: reasonNo401},
	}
}
