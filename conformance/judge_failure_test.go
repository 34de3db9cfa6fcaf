package conformance

// unusable: the refresh succeeds but its token is rejected too; the client
// gives up after one replay each.
func unusable() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1", "c2").
		refresh(13, 20, 200, 1).
		api(21, 22, 401, "invalid", 2, "c1", "c2").
		ok(23, 401, "c1", "c2").
		settle(23).state(false, "access (memory)")
}

func failureCases() []judgeCase {
	return []judgeCase{
		// RJ-1
		{rule: "RJ-1", name: "queue rejected", ev: terminal(), want: Pass, says: "2 calls settled with an error"},
		{rule: "RJ-1", name: "error responses settle too",
			ev:   terminal().with(func(ev *Evidence) { ev.Rounds[0].Calls[0].Outcome, ev.Rounds[0].Calls[0].Status = OutcomeOK, 401 }),
			want: Pass},
		{rule: "RJ-1", name: "without call IDs only pending is checked",
			ev: terminal().noCallIDs(), want: Pass, says: "only pending calls were checked"},
		{rule: "RJ-1", name: "refresh queued behind itself (M1)",
			ev: build().login(0).burst(10, "c1", "c2").
				api(11, 12, 401, "expired", 1, "c1", "c2").
				refresh(13, 15, 401, 1).cred("revoked").
				settle(1010).state(false, "access (memory)"),
			want: Fail, says: "2 calls still pending at the deadline: deadlock or hang (c1, c2)"},
		{rule: "RJ-1", name: "queue released only on success (M3)",
			ev: terminal().pending("c2").settle(1010), want: Fail, says: "1 call still pending"},
		{rule: "RJ-1", name: "a 401 call succeeded anyway",
			ev: terminal().ok(17, 200, "c2"), want: Fail, says: "got a 401 yet succeeded although no refresh did (c2)"},
		{rule: "RJ-1", name: "refresh succeeded", ev: happy(), want: NotJudged, says: "no round had a refresh that failed"},

		// RJ-2
		{rule: "RJ-2", name: "no replay", ev: terminal(), want: Pass, says: "0 requests sent again"},
		{rule: "RJ-2", name: "blind replay (M14)",
			ev:   terminal().api(16, 17, 401, "revoked", 1, "c1", "c2"),
			want: Fail, says: "2 requests sent again after the failed refresh"},
		{rule: "RJ-2", name: "refresh succeeded", ev: happy(), want: NotJudged, says: "no round had a refresh that failed"},

		// RR-1
		{rule: "RR-1", name: "refresh 401 is final", ev: terminal(), want: Pass, says: "0 refresh calls after it"},
		{rule: "RR-1", name: "refresh 401 refreshes again (M9)",
			ev:   terminal().refresh(16, 18, 401, 1).cred("revoked").refresh(19, 20, 401, 1).cred("revoked"),
			want: Fail, says: "2 refresh calls after it"},
		{rule: "RR-1", name: "403 counts too",
			ev: build().login(0).burst(10, "c1").api(11, 12, 401, "expired", 1, "c1").
				refresh(13, 15, 403, 1).cred("disabled").refresh(16, 17, 403, 1).cred("disabled").
				fail(18, "disabled", "c1").settle(18),
			want: Fail, says: "1 refresh call after it"},
		{rule: "RR-1", name: "refresh succeeded", ev: happy(), want: NotJudged, says: "no refresh was answered 401 or 403"},

		// NL-1
		{rule: "NL-1", name: "quiet after failure", ev: terminal(), want: Pass, says: "0 refresh calls and 0 api requests"},
		{rule: "NL-1", name: "quiet after success", ev: happy(), want: Pass},
		{rule: "NL-1", name: "quiet after giving up", ev: unusable(), want: Pass},
		{rule: "NL-1", name: "refresh storm (M8)",
			ev:   unusable().refresh(30, 35, 200, 2).api(36, 37, 401, "invalid", 3, "c1").refresh(40, 45, 200, 3),
			want: Fail, says: "2 refresh calls and 1 api request in the quiet window"},
		{rule: "NL-1", name: "refresh-logout ping-pong (M4)",
			ev:   terminal().logout(20, 21, 401).refresh(22, 23, 401, 1).cred("revoked").logout(24, 25, 401),
			want: Fail, says: "1 refresh call"},
		{rule: "NL-1", name: "without call IDs any api request counts",
			ev:   terminal().api(50, 51, 401, "revoked", 1, "zz").noCallIDs(),
			want: Fail, says: "1 api request"},
		{rule: "NL-1", name: "second round watched too",
			ev:   relogin().refresh(330, 331, 200, 2),
			want: Fail, says: "1 refresh call"},
		{rule: "NL-1", name: "no rounds", ev: build(), want: NotJudged, says: "no round watched a quiet window"},
		{rule: "NL-1", name: "no quiet window",
			ev:   terminal().with(func(ev *Evidence) { ev.Rounds[0].QuietEnd = ev.Rounds[0].Settled }),
			want: NotJudged, says: "no round watched a quiet window"},

		// NL-2
		{rule: "NL-2", name: "later action fails fast", ev: terminal(), want: Pass, says: "1 later action failed fast"},
		{rule: "NL-2", name: "no terminal state (M10)",
			ev: terminal().after(300, "a2").api(301, 302, 401, "revoked", 1, "a2").
				refresh(303, 304, 401, 1).cred("revoked").fail(305, "session expired", "a2"),
			want: Fail, says: "1 refresh call after the later actions began"},
		{rule: "NL-2", name: "later action hangs",
			ev: terminal().after(300, "a2"), want: Fail, says: "1 later action pending (a2)"},
		{rule: "NL-2", name: "later action succeeds",
			ev:   terminal().after(300, "a2").ok(301, 200, "a2"),
			want: Fail, says: "1 later action succeeded with a dead session (a2)"},
		{rule: "NL-2", name: "no later action",
			ev: relogin(), want: NotJudged, says: "round 1 took no later action"},
		{rule: "NL-2", name: "no terminal failure", ev: happy(), want: NotJudged, says: "no refresh failed terminally"},
	}
}
