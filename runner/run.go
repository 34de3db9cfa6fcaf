package runner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/scenarios"
)

// Options tune one run.
type Options struct {
	// Target names the client in the evidence ("go", "go:M1").
	Target string
	// Style is the credential style the server speaks (default cookie).
	Style fakeauth.Style
	// Deadline and Quiet override the scenario's timing when positive.
	Deadline, Quiet time.Duration
	// AllowOrigins are passed to the server (CORS, for browser targets).
	AllowOrigins []string
}

// ClientTimeoutDivisor divides a scenario's deadline into the timeout a
// client is asked to give its refresh and logout calls: a client that
// retries a timed-out refresh three times still settles well before the
// deadline.
const ClientTimeoutDivisor = 5

// DelayMargin multiplies the longest delay a scenario puts on a refresh or
// logout answer: the client's timeout is at least that long, so a slow
// answer is never mistaken for a hang on a loaded machine (a timed-out
// refresh that the server then completes rotates the token under the
// client's feet).
const DelayMargin = 4

// clientTimeout is the timeout a client is asked to give its refresh and
// logout calls in a scenario.
func clientTimeout(sc scenarios.Scenario, deadline time.Duration) time.Duration {
	t := deadline / ClientTimeoutDivisor
	for _, ep := range []fakeauth.Endpoint{fakeauth.EndpointRefresh, fakeauth.EndpointLogout} {
		for _, st := range sc.Server.Behaviours[ep] {
			t = max(t, DelayMargin*st.Delay.D())
		}
	}
	return t
}

// LoginTimeout is the least time a client gets to log in.
const LoginTimeout = 15 * time.Second

// Run runs the client a driver starts through one scenario and returns the
// evidence. An error means the run could not take place (the server or the
// client could not start); everything the client did, however wrong, is
// evidence.
func Run(ctx context.Context, sc scenarios.Scenario, d Driver, opts Options) (*conformance.Evidence, error) {
	if err := sc.Validate(); err != nil {
		return nil, fmt.Errorf("runner: %w", err)
	}
	if opts.Style == "" {
		opts.Style = fakeauth.StyleCookie
	}
	r := &run{sc: sc, opts: opts, deadline: sc.Timing.Deadline.D(), quiet: sc.Timing.Quiet.D()}
	if opts.Deadline > 0 {
		r.deadline = opts.Deadline
	}
	if opts.Quiet > 0 {
		r.quiet = opts.Quiet
	}
	origins := opts.AllowOrigins
	if od, ok := d.(OriginDriver); ok {
		origins = append(append([]string(nil), origins...), od.Origins()...)
	}
	cfg := fakeauth.Config{
		Contract:     fakeauth.Contract{Style: opts.Style},
		Script:       sc.Server,
		AllowOrigins: origins,
	}
	if sh, ok := d.(ServerShaper); ok {
		sh.ShapeServer(&cfg)
	}
	r.user = fakeauth.DefaultUser
	if len(cfg.Users) > 0 {
		r.user = cfg.Users[0]
	}
	srv, err := fakeauth.NewServer(cfg)
	if err != nil {
		return nil, fmt.Errorf("runner: starting the fake auth server: %w", err)
	}
	r.srv = srv
	var foreign *foreignServer
	if sc.Workload.Foreign > 0 {
		if foreign, err = startForeign(srv.Journal().Now); err != nil {
			srv.Close()
			return nil, fmt.Errorf("runner: %w", err)
		}
		r.foreign = foreign
	}
	// Requests live until the evidence is in; the server is closed first,
	// so a request the client never gave up on is journaled as hung.
	callCtx, cancelCalls := context.WithCancel(ctx)
	defer cancelCalls()
	sess, err := d.Start(ctx, Env{
		ServerURL:      srv.URL,
		Contract:       srv.Contract(),
		User:           r.user,
		RefreshTimeout: clientTimeout(sc, r.deadline),
		LogoutTimeout:  clientTimeout(sc, r.deadline),
		RefreshTokens:  srv.RefreshTokens,
		ForeignURL:     foreignURL(foreign),
		Now:            srv.Journal().Now,
	})
	if err != nil {
		srv.Close()
		if foreign != nil {
			foreign.Close()
		}
		return nil, fmt.Errorf("runner: starting %s: %w", opts.Target, err)
	}
	r.sess = sess
	if _, ok := sess.(Observer); ok && sc.Workload.Foreign > 0 {
		r.notes = append(r.notes, fmt.Sprintf(
			"the client fires its own requests: the workload's %d calls to another origin were not made", sc.Workload.Foreign))
	}

	ev := &conformance.Evidence{
		Scenario: sc.ID,
		Target:   opts.Target,
		Style:    string(srv.Contract().Style),
		Rotation: string(srv.Script().Rotation),
		Deadline: r.deadline,
		Quiet:    r.quiet,
	}
	rounds := 1
	if sc.Workload.Relogin {
		rounds = 2
	}
	for n := 1; n <= rounds && ctx.Err() == nil; n++ {
		rd := r.round(callCtx, n)
		ev.Rounds = append(ev.Rounds, rd)
		if rd.LoginError != "" {
			ev.Problems = append(ev.Problems, fmt.Sprintf("round %d: login failed: %s", n, rd.LoginError))
			break
		}
		if r.fatal != nil {
			break
		}
	}
	if obs, ok := sess.(Observer); ok {
		ev.Observed = obs.Observed()
	}

	srv.Close()
	snap := srv.Journal().Snapshot()
	if c, ok := sess.(Console); ok {
		ev.Console = c.Console()
	}
	cancelCalls()
	if err := sess.Close(); err != nil {
		ev.Problems = append(ev.Problems, "closing the client: "+err.Error())
	}
	ev.Server = journalRequests(snap)
	ev.JournalDropped = snap.Dropped
	if foreign != nil {
		foreign.Close()
		ev.Foreign = foreign.Requests()
	}
	ev.Problems = append(ev.Problems, r.problems...)
	ev.Notes = r.notes
	if err := ctx.Err(); err != nil {
		return ev, fmt.Errorf("runner: %s: interrupted: %w", sc.ID, err)
	}
	if r.fatal != nil {
		return ev, fmt.Errorf("runner: %s: %w", opts.Target, r.fatal)
	}
	return ev, nil
}

// run is the state of one Run.
type run struct {
	sc       scenarios.Scenario
	opts     Options
	srv      *fakeauth.Server
	foreign  *foreignServer
	sess     Session
	deadline time.Duration
	quiet    time.Duration
	problems []string
	notes    []string
	issued   int // calls issued so far, for their paths
	user     fakeauth.User
	// fatal ends the run with an error: the workload cannot go on (an
	// app's burst trigger that finds nothing to act on).
	fatal error
}

func (r *run) now() time.Duration { return r.srv.Journal().Now() }

// sleepUntil waits until the journal clock reads t; false if ctx ended.
func (r *run) sleepUntil(ctx context.Context, t time.Duration) bool {
	d := t - r.now()
	if d <= 0 {
		return ctx.Err() == nil
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// round runs one round of the workload.
func (r *run) round(ctx context.Context, n int) conformance.Round {
	w := r.sc.Workload
	rd := conformance.Round{N: n, Start: r.now()}
	if n > 1 {
		// A disabled account from the last round would refuse the login.
		r.srv.Enable(r.user.Name)
	}
	// The login is not judged: give a slow client (a browser filling a
	// form) room on a loaded machine.
	lctx, cancel := context.WithTimeout(ctx, max(r.deadline, LoginTimeout))
	err := r.sess.Login(lctx)
	cancel()
	if err == nil {
		err = r.loggedIn(n)
	}
	if err != nil {
		rd.LoginError = err.Error()
		rd.End = r.now()
		return rd
	}
	rd.LoggedIn = r.now()
	r.setup()
	if obs, ok := r.sess.(Observer); ok {
		if n == 1 {
			// An app may call the server before the burst on its own (a
			// session restore at start-up): the scenario's script starts
			// with the burst all the same.
			if err := r.srv.LoadScript(r.srv.Script()); err != nil {
				r.problems = append(r.problems, "re-arming the scenario's script: "+err.Error())
			}
		}
		r.observedRound(ctx, n, &rd, obs)
		return r.finish(ctx, n, rd)
	}

	g := newGroup(r)
	rd.Burst = r.now()
	rd.DeadlineAt = rd.Burst + r.deadline
	var ids, targets []string
	flush := func(phase conformance.Phase) {
		if len(ids) > 0 {
			g.issueAll(ctx, phase, ids, targets)
			ids, targets = nil, nil
		}
	}
	for i := 0; i < w.Burst; i++ {
		if i > 0 && w.Stagger > 0 {
			flush(conformance.PhaseBurst)
			if !r.sleepUntil(ctx, rd.Burst+time.Duration(i)*w.Stagger.D()) {
				break
			}
		}
		ids, targets = append(ids, fmt.Sprintf("r%d-b%d", n, i+1)), append(targets, "")
	}
	for i := 0; i < w.Foreign && r.foreign != nil; i++ {
		ids, targets = append(ids, fmt.Sprintf("r%d-f%d", n, i+1)), append(targets, r.foreign.URL())
	}
	flush(conformance.PhaseBurst)
	if w.Late > 0 && r.sleepUntil(ctx, rd.Burst+w.LateAfter.D()) {
		for i := 0; i < w.Late; i++ {
			ids, targets = append(ids, fmt.Sprintf("r%d-l%d", n, i+1)), append(targets, "")
		}
		flush(conformance.PhaseLate)
	}
	rd.Settled = g.wait(ctx, rd.DeadlineAt)
	rd.Calls = g.freeze()
	rd.QuietEnd = rd.Settled + r.quiet
	r.sleepUntil(ctx, rd.QuietEnd)

	afterDeadline := r.now() + r.deadline
	for i := 0; i < w.After && ctx.Err() == nil; i++ {
		a := newGroup(r)
		a.issue(ctx, conformance.PhaseAfter, fmt.Sprintf("r%d-a%d", n, i+1), "")
		settled := a.wait(ctx, afterDeadline)
		rd.Calls = append(rd.Calls, a.freeze()...)
		if settled >= afterDeadline {
			break
		}
	}
	return r.finish(ctx, n, rd)
}

// finish ends a round: it reads the client's state.
func (r *run) finish(ctx context.Context, n int, rd conformance.Round) conformance.Round {
	rd.End = r.now()
	sctx, cancel := context.WithTimeout(ctx, r.deadline)
	st, err := r.sess.State(sctx)
	cancel()
	if err != nil {
		r.problems = append(r.problems, fmt.Sprintf("round %d: reading the client's state: %v", n, err))
	}
	rd.State = st
	return rd
}

// observedRound runs a round's workload on a client that fires requests of
// its own accord: it triggers the burst (and the late calls, and each later
// action) and reads back the calls the session observed.
func (r *run) observedRound(ctx context.Context, n int, rd *conformance.Round, obs Observer) {
	w := r.sc.Workload
	trigger := func(phase conformance.Phase) error {
		tctx, cancel := context.WithTimeout(ctx, r.deadline)
		defer cancel()
		return obs.Trigger(tctx, n, phase)
	}
	rd.Burst = r.now()
	rd.DeadlineAt = rd.Burst + r.deadline
	if err := trigger(conformance.PhaseBurst); err != nil {
		r.fatal = fmt.Errorf("round %d: the burst: %w", n, err)
		rd.Settled, rd.QuietEnd = r.now(), r.now()
		return
	}
	if w.Late > 0 && r.sleepUntil(ctx, rd.Burst+w.LateAfter.D()) {
		if err := trigger(conformance.PhaseLate); err != nil {
			r.problems = append(r.problems, fmt.Sprintf("round %d: the late calls: %v", n, err))
		}
	}
	rd.Calls, rd.Settled = obs.Settle(ctx, rd.DeadlineAt)
	rd.QuietEnd = rd.Settled + r.quiet
	r.sleepUntil(ctx, rd.QuietEnd)
	for i := 0; i < w.After && ctx.Err() == nil; i++ {
		at := r.now() + r.deadline
		if err := trigger(conformance.PhaseAfter); err != nil {
			// Logged out, an app may offer no such action: then it
			// makes no request, which is evidence too.
			r.notes = append(r.notes, fmt.Sprintf("round %d: no later action: %v", n, err))
			break
		}
		calls, settled := obs.Settle(ctx, at)
		rd.Calls = append(rd.Calls, calls...)
		if settled >= at {
			break
		}
	}
}

// loggedIn checks that the login reached the server and remembers its session.
func (r *run) loggedIn(n int) error {
	ss := r.srv.Sessions()
	if len(ss) < n {
		return errors.New("the client reported a login, but the server opened no session")
	}
	return nil
}

// setup applies the scenario's setup operations to the newest session.
func (r *run) setup() {
	ss := r.srv.Sessions()
	id := ss[len(ss)-1].ID
	for _, op := range r.sc.Workload.Setup {
		switch op {
		case scenarios.OpExpireAccess:
			r.srv.ExpireAccess(id)
		case scenarios.OpExpireRefresh:
			r.srv.ExpireRefresh(id)
		case scenarios.OpRevoke:
			r.srv.Revoke(id)
		case scenarios.OpDisable:
			r.srv.Disable(ss[len(ss)-1].User)
		}
	}
}

func foreignURL(f *foreignServer) string {
	if f == nil {
		return ""
	}
	return f.URL()
}
