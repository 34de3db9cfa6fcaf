package conformance

import "time"

// builder is a tiny DSL for hand-built evidence. Times are milliseconds on
// the journal clock; every method applies to the current (last) round, and
// cred, outcome and action to the last journal request.
type builder struct {
	ev  Evidence
	seq uint64
}

func ms(n float64) time.Duration { return time.Duration(n * float64(time.Millisecond)) }

// build starts evidence with a 1s deadline and a 100ms quiet window.
func build() *builder {
	return &builder{ev: Evidence{
		Scenario: "test", Target: "test", Style: "bearer", Rotation: "rotate",
		Deadline: ms(1000), Quiet: ms(100),
	}}
}

func (b *builder) round() *Round { return &b.ev.Rounds[len(b.ev.Rounds)-1] }

func (b *builder) touch(t time.Duration) { b.round().End = max(b.round().End, t) }

// login starts a round at t with a login request answered 200.
func (b *builder) login(t float64) *builder {
	n := len(b.ev.Rounds) + 1
	b.ev.Rounds = append(b.ev.Rounds, Round{N: n, Start: ms(t), LoggedIn: ms(t + 1)})
	return b.req(Request{Kind: "login", Method: "POST", Path: "/auth/login", Cred: "none",
		Start: ms(t), End: ms(t + 1), Status: 200})
}

// loginFails makes the current round's login fail.
func (b *builder) loginFails(err string) *builder {
	b.round().LoggedIn, b.round().LoginError = 0, err
	b.ev.Server[len(b.ev.Server)-1].Status = 401
	return b
}

func (b *builder) calls(p Phase, t float64, ids ...string) *builder {
	rd := b.round()
	if p == PhaseBurst && rd.Burst == 0 {
		rd.Burst, rd.DeadlineAt = ms(t), ms(t)+b.ev.Deadline
	}
	for _, id := range ids {
		rd.Calls = append(rd.Calls, Call{ID: id, Phase: p, Method: "GET", Path: "/api/items",
			Start: ms(t), Outcome: OutcomePending})
	}
	b.touch(ms(t))
	return b
}

func (b *builder) burst(t float64, ids ...string) *builder { return b.calls(PhaseBurst, t, ids...) }
func (b *builder) late(t float64, ids ...string) *builder  { return b.calls(PhaseLate, t, ids...) }
func (b *builder) after(t float64, ids ...string) *builder { return b.calls(PhaseAfter, t, ids...) }

// req appends a journal request of the current round's session.
func (b *builder) req(q Request) *builder {
	b.seq++
	q.Seq, q.Session, q.Outcome = b.seq, uint32(len(b.ev.Rounds)), "answered"
	if q.Generation == 0 {
		q.Generation = 1
	}
	b.ev.Server = append(b.ev.Server, q)
	b.touch(q.End)
	return b
}

// api records one api request per call, all from start to end.
func (b *builder) api(start, end float64, status int, cred string, gen uint32, ids ...string) *builder {
	for _, id := range ids {
		b.req(Request{Kind: "api", Method: "GET", Path: "/api/items?" + CallParam + "=" + id, Call: id,
			Cred: cred, Generation: gen, Start: ms(start), End: ms(end), Status: status})
	}
	return b
}

// refresh records a refresh request carrying a valid refresh token.
func (b *builder) refresh(start, end float64, status int, gen uint32) *builder {
	return b.req(Request{Kind: "refresh", Method: "POST", Path: "/auth/refresh", Cred: "valid",
		Generation: gen, Start: ms(start), End: ms(end), Status: status})
}

// logout records a logout request.
func (b *builder) logout(start, end float64, status int) *builder {
	return b.req(Request{Kind: "logout", Method: "POST", Path: "/auth/logout", Cred: "valid",
		Start: ms(start), End: ms(end), Status: status})
}

func (b *builder) last() *Request { return &b.ev.Server[len(b.ev.Server)-1] }

func (b *builder) cred(c string) *builder   { b.last().Cred = c; return b }
func (b *builder) action(a string) *builder { b.last().Action = a; return b }

// outcome sets the last request's outcome; an unanswered one has no status.
func (b *builder) outcome(o string) *builder {
	b.last().Outcome, b.last().Status = o, 0
	return b
}

func (b *builder) settleCalls(t float64, set func(*Call), ids []string) *builder {
	for _, id := range ids {
		found := false
		for i := range b.round().Calls {
			if c := &b.round().Calls[i]; c.ID == id {
				c.End, found = ms(t), true
				set(c)
			}
		}
		if !found {
			panic("builder: no call " + id)
		}
	}
	b.touch(ms(t))
	return b
}

// ok settles calls with a response.
func (b *builder) ok(t float64, status int, ids ...string) *builder {
	return b.settleCalls(t, func(c *Call) { c.Outcome, c.Status = OutcomeOK, status }, ids)
}

// fail settles calls with an error.
func (b *builder) fail(t float64, msg string, ids ...string) *builder {
	return b.settleCalls(t, func(c *Call) { c.Outcome, c.Error = OutcomeError, msg }, ids)
}

// pending makes calls pending at the deadline again.
func (b *builder) pending(ids ...string) *builder {
	return b.settleCalls(0, func(c *Call) {
		*c = Call{ID: c.ID, Phase: c.Phase, Method: c.Method, Path: c.Path,
			Start: c.Start, Outcome: OutcomePending}
	}, ids)
}

// settle marks the burst settled at t; the quiet window follows.
func (b *builder) settle(t float64) *builder {
	rd := b.round()
	rd.Settled, rd.QuietEnd = ms(t), ms(t)+b.ev.Quiet
	b.touch(rd.QuietEnd)
	return b
}

// state sets the round's final client state.
func (b *builder) state(loggedOut bool, creds ...string) *builder {
	b.round().State = &State{LoggedOut: loggedOut, Credentials: creds}
	if loggedOut {
		b.round().State.Logouts = 1
	}
	return b
}

// with changes the evidence freely.
func (b *builder) with(f func(*Evidence)) *builder { f(&b.ev); return b }

// noCallIDs strips the call IDs from every journal request.
func (b *builder) noCallIDs() *builder {
	for i := range b.ev.Server {
		if q := &b.ev.Server[i]; q.Call != "" {
			q.Call, q.Path = "", "/api/items"
		}
	}
	return b
}

func (b *builder) done() *Evidence { ev := b.ev; return &ev }

// The canonical evidence the rule tests start from.

// happy: an expiry, one refresh, every call replayed once and succeeding.
func happy() *builder {
	return build().login(0).
		burst(10, "c1", "c2", "c3").
		api(11, 12, 401, "expired", 1, "c1", "c2", "c3").
		refresh(13, 20, 200, 1).
		api(21, 22, 200, "valid", 2, "c1", "c2", "c3").
		ok(23, 200, "c1", "c2", "c3").
		settle(23).state(false, "access (memory)", "refresh (cookie)")
}

// terminal: the refresh is answered 401 (revoked); the client rejects the
// queue, calls logout once, logs out, and a later action fails fast.
func terminal() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1", "c2").
		refresh(13, 15, 401, 1).cred("revoked").
		logout(16, 17, 200).
		fail(16, "session expired", "c1", "c2").
		settle(16).
		after(200, "a1").fail(201, "logged out", "a1").
		state(true)
}

// transient: the first refresh is answered 503, the retry succeeds.
func transient() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1", "c2").
		refresh(13, 14, 503, 1).action("respond").
		refresh(20, 21, 200, 1).
		api(22, 23, 200, "valid", 2, "c1", "c2").
		ok(24, 200, "c1", "c2").
		settle(24).state(false, "access (memory)")
}

// lateOK: c2's 401 is held until after the refresh ended; the client
// replays it with the new credential without refreshing again.
func lateOK() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1").
		api(11, 25, 401, "expired", 1, "c2").action("hold").
		refresh(13, 20, 200, 1).
		api(21, 22, 200, "valid", 2, "c1").
		api(26, 27, 200, "valid", 2, "c2").
		ok(23, 200, "c1").ok(28, 200, "c2").
		settle(28).state(false, "access (memory)")
}

// hang: the refresh never answers; the client's timeout abandons it.
func hang() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1", "c2").
		refresh(13, 513, 0, 1).outcome("abandoned").action("hang").
		fail(513, "refresh timed out", "c1", "c2").
		settle(513).state(true)
}

// relogin: round 1 as terminal (without later actions), then a new login
// whose expiry refreshes normally.
func relogin() *builder {
	return build().login(0).
		burst(10, "c1", "c2").
		api(11, 12, 401, "expired", 1, "c1", "c2").
		refresh(13, 15, 401, 1).cred("revoked").
		logout(16, 17, 200).
		fail(16, "session expired", "c1", "c2").
		settle(16).state(true).
		login(300).
		burst(310, "d1", "d2").
		api(311, 312, 401, "expired", 1, "d1", "d2").
		refresh(313, 320, 200, 1).
		api(321, 322, 200, "valid", 2, "d1", "d2").
		ok(323, 200, "d1", "d2").
		settle(323).state(false, "access (memory)")
}
