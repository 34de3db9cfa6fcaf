package scenarios

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/authconform/authconform/fakeauth"
)

// TestCatalogueDrivesServer checks that every catalogue scenario makes the
// fake server do what its file says: each setup operation has its effect,
// the rotation policy is the one in force, and each scripted endpoint answers
// its steps in order, as the journal records. The requests are plain
// net/http ones, so the test exercises the scenario data and the server, not
// a client under test.
func TestCatalogueDrivesServer(t *testing.T) {
	for _, sc := range Catalogue() {
		t.Run(sc.ID, func(t *testing.T) {
			t.Parallel()
			// Shrink the delays; a hold is checked by order, not by time,
			// but its max must not run out while the test sends the
			// refresh that releases it, so scenarios with one keep theirs.
			if !hasAction[*fakeauth.Hold](sc) {
				sc = sc.Scaled(0.2)
			}
			t.Run("setup", func(t *testing.T) { checkSetup(t, sc) })
			t.Run("rotation", func(t *testing.T) { checkRotation(t, sc) })
			eps := make([]string, 0, len(sc.Server.Behaviours))
			for ep := range sc.Server.Behaviours {
				eps = append(eps, string(ep))
			}
			sort.Strings(eps)
			for _, ep := range eps {
				t.Run("behaviours."+ep, func(t *testing.T) { walkSteps(t, sc, fakeauth.Endpoint(ep)) })
			}
		})
	}
}

func hasAction[A fakeauth.Action](sc Scenario) bool {
	for _, steps := range sc.Server.Behaviours {
		for _, st := range steps {
			if _, ok := st.Action.(A); ok {
				return true
			}
		}
	}
	return false
}

// checkSetup applies the setup operations on a server without behaviours
// and checks their effect on an API call and a refresh.
func checkSetup(t *testing.T, sc Scenario) {
	c := newClient(t, fakeauth.Config{Script: fakeauth.Script{AccessTTL: sc.Server.AccessTTL, RefreshTTL: sc.Server.RefreshTTL, Rotation: sc.Server.Rotation}})
	c.login()
	c.setup(sc.Workload.Setup)
	c.real(fakeauth.EndpointAPI, sc.Workload.Path(0))
	ok := c.real(fakeauth.EndpointRefresh, "")
	if ok {
		// The refreshed credential works.
		c.real(fakeauth.EndpointAPI, sc.Workload.Path(1))
	}
}

// checkRotation checks the scenario's rotation policy in bearer style, where
// the test holds the refresh tokens and can present a spent one again.
func checkRotation(t *testing.T, sc Scenario) {
	script := fakeauth.Script{AccessTTL: sc.Server.AccessTTL, RefreshTTL: sc.Server.RefreshTTL, Rotation: sc.Server.Rotation}
	c := newClient(t, fakeauth.Config{Script: script, Contract: fakeauth.Contract{Style: fakeauth.StyleBearer}})
	c.login()
	first := c.refreshToken
	c.real(fakeauth.EndpointRefresh, "")
	second := c.refreshToken

	c.refreshToken = first
	r := c.send(fakeauth.EndpointRefresh, "", 0)
	e := c.entry()
	switch sc.Server.Rotation {
	case fakeauth.RotationOff:
		if second != first || r.status != http.StatusOK {
			t.Errorf("rotation off: got a new token %v and status %d for the same token again; want the same token, 200", second != first, r.status)
		}
		return
	default:
		if second == first || r.status != http.StatusUnauthorized || r.code != "invalid_grant" || e.Cred != fakeauth.CredSpent {
			t.Errorf("rotation %s: spent token presented again: got status %d %q, cred %s; want 401 invalid_grant, cred spent", sc.Server.Rotation, r.status, r.code, e.Cred)
		}
	}
	c.refreshToken = second
	r = c.send(fakeauth.EndpointRefresh, "", 0)
	c.entry()
	want := http.StatusOK
	if sc.Server.Rotation == fakeauth.RotationReuseDetect {
		want = http.StatusUnauthorized // the reuse revoked the family
	}
	if r.status != want {
		t.Errorf("rotation %s: newest token after a reuse: got status %d; want %d", sc.Server.Rotation, r.status, want)
	}
}

// walkSteps sends one endpoint the requests its steps take, on a fresh
// server with the setup applied, and checks each answer against the step.
func walkSteps(t *testing.T, sc Scenario, ep fakeauth.Endpoint) {
	c := newClient(t, fakeauth.Config{Script: sc.Server})
	c.login()
	c.setup(sc.Workload.Setup)
	steps := sc.Server.Behaviours[ep]
	n := 0
	for i, st := range steps {
		times := st.Times
		if times == 0 {
			times = 2 // "every request from then on": two show it
		}
		for range times {
			c.step(ep, sc.Workload.Path(n), i, st, sc.Workload.Setup)
			n++
		}
	}
	if last := steps[len(steps)-1]; last.Times > 0 {
		// Past the last step the server answers as itself.
		c.real(ep, sc.Workload.Path(n))
	}
}

// step sends one request that step i of ep takes and checks what happens.
func (c *client) step(ep fakeauth.Endpoint, path string, i int, st fakeauth.Step, setup []Op) {
	c.t.Helper()
	want := func(e fakeauth.Entry) {
		c.t.Helper()
		if e.Kind != kindOf(ep) || int(e.Step) != i || e.Action != st.ActionName() {
			c.t.Errorf("journal: got %s; want kind %s, step %d, action %s", e, kindOf(ep), i, st.ActionName())
		}
	}
	switch a := st.Action.(type) {
	case *fakeauth.Respond:
		r := c.send(ep, path, 0)
		want(c.entry())
		c.atLeast(r, st.Delay)
		if r.err != nil || r.status != a.Status || a.Error != "" && r.code != a.Error {
			c.t.Errorf("step %d (%s): got %s; want %d %s", i, st, r, a.Status, a.Error)
		}
	case *fakeauth.Drop:
		r := c.send(ep, path, 0)
		e := c.entry()
		want(e)
		c.atLeast(r, st.Delay)
		if r.err == nil || e.Outcome != fakeauth.OutcomeDropped {
			c.t.Errorf("step %d (%s): got %s, journal outcome %s; want a network error, dropped", i, st, r, e.Outcome)
		}
	case *fakeauth.Hang:
		r := c.send(ep, path, st.Delay.D()+100*time.Millisecond)
		e := c.entry()
		want(e)
		if !errors.Is(r.err, context.DeadlineExceeded) || e.Outcome != fakeauth.OutcomeAbandoned && e.Outcome != fakeauth.OutcomeHung {
			c.t.Errorf("step %d (%s): got %s, journal outcome %s; want no answer before the client gave up, abandoned", i, st, r, e.Outcome)
		}
	case *fakeauth.Hold:
		c.hold(ep, path, i, st, setup, want)
	case *fakeauth.Pass, nil:
		wantStatus, wantCode := c.expect(ep)
		r := c.send(ep, path, 0)
		want(c.entry())
		c.atLeast(r, st.Delay)
		if r.err != nil || r.status != wantStatus || r.code != wantCode {
			c.t.Errorf("step %d (%s): got %s; want the real answer %d %s", i, st, r, wantStatus, wantCode)
		}
		c.learn(ep, r)
	default:
		c.t.Fatalf("step %d: no check for action %s", i, st.ActionName())
	}
}

// hold checks that a held request is answered only after a refresh sent
// meanwhile succeeded, and then as the server would have answered it.
func (c *client) hold(ep fakeauth.Endpoint, path string, i int, st fakeauth.Step, setup []Op, want func(fakeauth.Entry)) {
	c.t.Helper()
	if s, _ := c.expectRefresh(); s != http.StatusOK {
		c.t.Fatalf("step %d (%s): a refresh after the setup fails (%d), so nothing can release the hold", i, st, s)
	}
	wantStatus, wantCode := c.expect(ep)
	held := make(chan reply, 1)
	go func() { held <- c.send(ep, path, 0) }()
	heldSeq := c.nextSeq
	c.nextSeq++
	waitFor(c.t, "the held request to reach the server", func() bool {
		return c.srv.Journal().Snapshot().InFlight >= 1
	})
	select {
	case r := <-held:
		c.t.Fatalf("step %d (%s): got %s before any refresh; want the request held", i, st, r)
	default:
	}
	c.real(fakeauth.EndpointRefresh, "")
	refresh := c.entryAt(c.nextSeq - 1)
	r := <-held
	e := c.entryAt(heldSeq)
	want(e)
	if r.err != nil || r.status != wantStatus || r.code != wantCode {
		c.t.Errorf("step %d (%s): got %s after the refresh; want the real answer to the old credential, %d %s", i, st, r, wantStatus, wantCode)
	}
	if e.End < refresh.Start {
		c.t.Errorf("step %d (%s): journal: held request %s ended before the refresh %s began", i, st, e, refresh)
	}
	// Put the credential back in the state the step expects.
	c.setup(setup)
}
