package runner_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/target"
	"github.com/authconform/authconform/scenarios"
)

func scenario(t *testing.T, id string) scenarios.Scenario {
	t.Helper()
	sc, err := scenarios.Lookup(id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func reference(t *testing.T) runner.Driver {
	t.Helper()
	tg, err := target.Parse("go")
	if err != nil {
		t.Fatal(err)
	}
	d, err := tg.Driver()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRunReferenceEvidence(t *testing.T) {
	for _, style := range fakeauth.Styles {
		t.Run(string(style), func(t *testing.T) {
			sc := scenario(t, "expired-access")
			ev, err := runner.Run(context.Background(), sc, reference(t), runner.Options{Target: "go", Style: style})
			if err != nil {
				t.Fatal(err)
			}
			if len(ev.Rounds) != 1 {
				t.Fatalf("got %d rounds; want 1", len(ev.Rounds))
			}
			rd := ev.Rounds[0]
			if got := len(rd.Calls); got != sc.Workload.Burst {
				t.Errorf("got %d calls; want %d", got, sc.Workload.Burst)
			}
			for _, c := range rd.Calls {
				if !c.Succeeded() {
					t.Errorf("call %s: got %s %d %s; want a 2xx", c.ID, c.Outcome, c.Status, c.Error)
				}
				if !strings.Contains(c.Path, conformance.CallParam+"="+c.ID) {
					t.Errorf("call %s: path %q does not carry its ID", c.ID, c.Path)
				}
			}
			refreshes, withCall := 0, 0
			for _, q := range ev.Server {
				if q.Kind == "control" {
					t.Errorf("control call in the evidence: %+v", q)
				}
				if q.Kind == "refresh" {
					refreshes++
				}
				if q.Call != "" {
					withCall++
				}
			}
			if refreshes != 1 {
				t.Errorf("got %d refreshes; want 1", refreshes)
			}
			if withCall != 2*sc.Workload.Burst {
				t.Errorf("got %d API requests carrying a call ID; want %d (each call: a 401 and a replay)", withCall, 2*sc.Workload.Burst)
			}
			if !(rd.Start < rd.LoggedIn && rd.LoggedIn <= rd.Burst && rd.Burst < rd.Settled && rd.Settled <= rd.DeadlineAt) {
				t.Errorf("round marks out of order: %+v", rd)
			}
			if rd.QuietEnd != rd.Settled+sc.Timing.Quiet.D() {
				t.Errorf("got quiet end %v; want settled + quiet = %v", rd.QuietEnd, rd.Settled+sc.Timing.Quiet.D())
			}
			if rd.State == nil || rd.State.LoggedOut || len(rd.State.Credentials) == 0 {
				t.Errorf("got state %+v; want logged in with credentials", rd.State)
			}
			if ev.Style != string(style) || ev.Rotation != "rotate" || ev.Scenario != sc.ID || ev.Target != "go" {
				t.Errorf("got evidence header %q %q %q %q", ev.Style, ev.Rotation, ev.Scenario, ev.Target)
			}
		})
	}
}

// stuckDriver's client logs in through the server but never settles a call.
type stuckDriver struct{ startErr, loginErr error }

func (d stuckDriver) Start(ctx context.Context, env runner.Env) (runner.Session, error) {
	if d.startErr != nil {
		return nil, d.startErr
	}
	return &stuckSession{env: env, loginErr: d.loginErr}, nil
}

type stuckSession struct {
	env      runner.Env
	loginErr error
	closed   bool
}

func (s *stuckSession) Login(ctx context.Context) error {
	if s.loginErr != nil {
		return s.loginErr
	}
	ref, err := target.Parse("go")
	if err != nil {
		return err
	}
	d, _ := ref.Driver()
	// Log in for real, so the server has a session for the setup.
	inner, err := d.Start(ctx, s.env)
	if err != nil {
		return err
	}
	defer inner.Close()
	return inner.Login(ctx)
}

func (s *stuckSession) Issue(ctx context.Context, c runner.CallSpec, done func(runner.Result)) {}

func (s *stuckSession) State(context.Context) (*conformance.State, error) { return nil, nil }

func (s *stuckSession) Close() error { s.closed = true; return nil }

func TestRunPendingAtDeadlineIsEvidence(t *testing.T) {
	sc := scenario(t, "expired-access")
	sc.Timing.Deadline = fakeauth.Duration(200 * time.Millisecond)
	sc.Timing.Quiet = fakeauth.Duration(50 * time.Millisecond)
	ev, err := runner.Run(context.Background(), sc, stuckDriver{}, runner.Options{Target: "stuck"})
	if err != nil {
		t.Fatal(err)
	}
	rd := ev.Rounds[0]
	if rd.Settled != rd.DeadlineAt {
		t.Errorf("got settled %v; want the deadline %v", rd.Settled, rd.DeadlineAt)
	}
	for _, c := range rd.Calls {
		if c.Outcome != conformance.OutcomePending || c.End != 0 {
			t.Errorf("call %s: got %s ending %v; want pending", c.ID, c.Outcome, c.End)
		}
	}
	v := conformance.Judge(ev, []string{"NL-1"})[0]
	if v.Status == conformance.Fail {
		t.Errorf("NL-1 on a silent client: got %s (%s)", v.Status, v.Actual)
	}
}

func TestRunErrors(t *testing.T) {
	sc := scenario(t, "expired-access")
	_, err := runner.Run(context.Background(), sc, stuckDriver{startErr: errors.New("no chromium")}, runner.Options{Target: "web"})
	if err == nil || !strings.Contains(err.Error(), "starting web: no chromium") {
		t.Errorf("got %v; want an error naming the target and the cause", err)
	}

	ev, err := runner.Run(context.Background(), sc, stuckDriver{loginErr: errors.New("login form not found")}, runner.Options{Target: "app"})
	if err != nil {
		t.Fatal(err)
	}
	if ev.Rounds[0].LoginError != "login form not found" || len(ev.Problems) == 0 {
		t.Errorf("got round %+v, problems %v; want the login error as evidence", ev.Rounds[0], ev.Problems)
	}

	bad := sc
	bad.Workload.Burst = 0
	if _, err := runner.Run(context.Background(), bad, reference(t), runner.Options{}); err == nil {
		t.Error("an invalid scenario ran; want an error")
	}
}

func TestRunCanceled(t *testing.T) {
	sc := scenario(t, "refresh-hang")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := runner.Run(ctx, sc, reference(t), runner.Options{Target: "go"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want context.Canceled", err)
	}
	if took := time.Since(start); took > sc.Timing.Deadline.D() {
		t.Logf("a canceled run took %v (its deadline is %v)", took, sc.Timing.Deadline)
	}
}

// TestRunLeavesNoGoroutine runs the reference through scenarios with hung
// and dropped requests and checks that every goroutine is gone afterwards.
func TestRunLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()
	for _, id := range []string{"refresh-hang", "refresh-drop", "logout-fails-hang", "expired-access"} {
		if _, err := runner.Run(context.Background(), scenario(t, id), reference(t), runner.Options{Target: "go"}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("got %d goroutines after the runs; want at most %d\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}
