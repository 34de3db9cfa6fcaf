package conformance

// logoutFails: as terminal, but the logout endpoint answers 500; the client
// logs out locally anyway.
func logoutFails(status int) *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1", "c2").
		refresh(13, 15, 401, 1).cred("revoked").
		logout(16, 17, status).action("respond").
		fail(16, "session expired", "c1", "c2").
		settle(18).state(true)
}

func logoutCases() []judgeCase {
	return []judgeCase{
		// LO-1
		{rule: "LO-1", name: "logged out", ev: terminal(), want: Pass, says: "logged out, no credentials"},
		{rule: "LO-1", name: "400 invalid_grant is terminal",
			ev:   terminal().with(func(ev *Evidence) { ev.Server[3].Status = 400 }),
			want: Pass, says: "answered 400"},
		{rule: "LO-1", name: "failure only logged (BAD PATTERN)",
			ev:   terminal().state(false, "access (memory)", "refresh (localStorage: rt)"),
			want: Fail, says: "still logged in, credentials remain: access (memory), refresh (localStorage: rt)"},
		{rule: "LO-1", name: "logged out but token kept",
			ev:   terminal().state(true, "refresh (localStorage: rt)"),
			want: Fail, says: "logged out, credentials remain: refresh (localStorage: rt)"},
		{rule: "LO-1", name: "no state",
			ev:   terminal().with(func(ev *Evidence) { ev.Rounds[0].State = nil }),
			want: NotJudged, says: reasonNoState},
		{rule: "LO-1", name: "transient failure is not terminal", ev: transient(), want: NotJudged, says: reasonNoTerminal},

		// LO-2
		{rule: "LO-2", name: "one logout", ev: terminal(), want: Pass, says: "1 logout call"},
		{rule: "LO-2", name: "logout per failed request",
			ev: terminal().logout(16, 18, 200), want: Fail, says: "2 logout calls"},
		{rule: "LO-2", name: "server never told",
			ev:   terminal().with(func(ev *Evidence) { ev.Server = ev.Server[:len(ev.Server)-1] }),
			want: Fail, says: "0 logout calls"},
		{rule: "LO-2", name: "no terminal failure", ev: happy(), want: NotJudged, says: reasonNoTerminal},

		// LO-3
		{rule: "LO-3", name: "logout 500", ev: logoutFails(500), want: Pass, says: "logged out, no credentials"},
		{rule: "LO-3", name: "logout 401", ev: logoutFails(401), want: Pass},
		{rule: "LO-3", name: "logout hangs",
			ev: logoutFails(0).outcome("hung"), want: Pass},
		{rule: "LO-3", name: "logout through the interceptor (M4)",
			ev:   logoutFails(401).refresh(18, 19, 401, 1).cred("revoked").logout(20, 21, 401),
			want: Fail, says: "1 refresh call after the failed logout"},
		{rule: "LO-3", name: "waits for the endpoint",
			ev:   logoutFails(500).state(false, "access (memory)"),
			want: Fail, says: "still logged in, credentials remain: access (memory)"},
		{rule: "LO-3", name: "logout succeeded", ev: terminal(), want: NotJudged, says: "no logout call failed"},
		{rule: "LO-3", name: "no state",
			ev:   logoutFails(500).with(func(ev *Evidence) { ev.Rounds[0].State = nil }),
			want: NotJudged, says: reasonNoState},

		// RS-1
		{rule: "RS-1", name: "clean second session", ev: relogin(), want: Pass, says: "logged in again, 1 refresh, 2 calls succeeded"},
		{rule: "RS-1", name: "stuck refreshing flag",
			ev: build().login(0).burst(10, "c1").api(11, 12, 401, "expired", 1, "c1").
				refresh(13, 15, 401, 1).cred("revoked").logout(16, 17, 200).
				fail(16, "session expired", "c1").settle(16).state(true).
				login(300).burst(310, "d1", "d2").api(311, 312, 401, "expired", 1, "d1", "d2").
				settle(1310).state(false, "access (memory)"),
			want: Fail, says: "0 refresh calls instead of 1; 2 calls did not succeed (d1, d2)"},
		{rule: "RS-1", name: "second refresh fails",
			ev:   relogin().with(func(ev *Evidence) { ev.Server[len(ev.Server)-3].Status = 401 }),
			want: Fail, says: "the refresh failed"},
		{rule: "RS-1", name: "login fails",
			ev: terminal().login(300).loginFails("invalid credentials"), want: Fail, says: "the new login failed: invalid credentials"},
		{rule: "RS-1", name: "one round", ev: terminal(), want: NotJudged, says: "no second round"},
		{rule: "RS-1", name: "second round without calls",
			ev: terminal().login(300).settle(301), want: NotJudged, says: "round 2 made no burst or late call"},
	}
}
