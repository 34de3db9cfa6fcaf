package process

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/fakeauth/control"
	"github.com/authconform/authconform/internal/leakcheck"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/scenarios"
)

// killingDriver runs a client and kills it with SIGKILL, from outside, once
// the harness has sent it the first request of the burst and, with
// afterServer, once the server has answered one of them 401: a client that a
// crash or the OOM killer takes mid-scenario.
type killingDriver struct {
	Driver
	afterServer bool
	pid         chan int // the killed client's pid
}

func (d killingDriver) Start(ctx context.Context, env runner.Env) (runner.Session, error) {
	s, err := d.Driver.Start(ctx, env)
	if err != nil {
		return nil, err
	}
	return &killingSession{session: s.(*session), d: d, server: env.ServerURL}, nil
}

type killingSession struct {
	*session
	d      killingDriver
	server string
	once   sync.Once
}

func (k *killingSession) Issue(ctx context.Context, c runner.CallSpec, done func(runner.Result)) {
	k.session.Issue(ctx, c, done)
	k.once.Do(func() {
		pid := k.p.cmd.Process.Pid
		if !k.d.afterServer {
			syscall.Kill(pid, syscall.SIGKILL)
			k.d.pid <- pid
			return
		}
		go func() {
			defer func() { k.d.pid <- pid }()
			cc := control.New(k.server)
			for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(2 * time.Millisecond) {
				snap, err := cc.Journal(context.Background())
				if err != nil {
					break
				}
				for _, e := range snap.Entries {
					if e.Kind == fakeauth.KindAPI && e.Status == 401 {
						syscall.Kill(pid, syscall.SIGKILL)
						return
					}
				}
			}
			syscall.Kill(pid, syscall.SIGKILL)
		}()
	})
}

// TestClientKilledMidScenario: a client killed in the middle of a run ends
// the run at its deadline, not later, with evidence that names the death,
// no rule passing on it, and nothing left running.
func TestClientKilledMidScenario(t *testing.T) {
	leakcheck.Cleanup(t)
	sc, err := scenarios.Lookup("expired-access")
	if err != nil {
		t.Fatal(err)
	}
	const deadline = time.Second
	tests := []struct {
		name        string
		d           Driver
		afterServer bool
		mustFail    []string
		mayPass     []string
	}{
		// Killed before its requests reach the server: nothing to judge
		// (the suite fails a rule not judged on a run with problems).
		{name: "before its requests reach the server", d: fakeDriver("never-answers")},
		// Killed with the refresh in flight: the calls waiting on it never
		// settle. It did send one refresh only (SF-1).
		{name: "with the refresh in flight", d: Driver{Command: []string{goReference(t)}}, afterServer: true, mustFail: []string{"SF-2"}, mayPass: []string{"SF-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := killingDriver{Driver: tt.d, afterServer: tt.afterServer, pid: make(chan int, 1)}
			start := time.Now()
			ev, err := runner.Run(context.Background(), sc, d, runner.Options{Target: "exec:killed", Deadline: deadline, Quiet: 20 * time.Millisecond})
			took := time.Since(start)
			if err != nil {
				t.Fatalf("Run: %v; want evidence", err)
			}
			t.Logf("the run took %v; problems: %q", took.Round(time.Millisecond), ev.Problems)
			// Login, the deadline, the state and the shutdown: a dead
			// client adds no wait beyond the moment its output gets to
			// drain.
			if limit := deadline + 3*time.Second; took > limit {
				t.Errorf("the run took %v; want it over within %v of a %v deadline", took, limit-deadline, deadline)
			}
			pid := <-d.pid
			contains(t, "got problems", ev.Problems,
				"the client exited (signal: killed) before the run ended with ",
				"requests unanswered (r1-b",
				"reading the client's state: process: the client exited (signal: killed)")
			if n := outcomes(ev); n[conformance.OutcomePending] == 0 || n[conformance.OutcomeOK] > 0 {
				t.Errorf("got outcomes %v; want calls pending and none ok", n)
			}
			failed := map[string]bool{}
			for _, v := range conformance.Judge(ev, sc.Judges) {
				t.Logf("%s %s: %s", v.Rule, v.Status, v.Actual+v.Reason)
				switch v.Status {
				case conformance.Pass:
					if slices.Contains(tt.mayPass, v.Rule) {
						break
					}
					t.Errorf("%s passes on a client killed before answering: %s", v.Rule, v.Reason)
				case conformance.Fail:
					failed[v.Rule] = true
				}
			}
			for _, id := range tt.mustFail {
				if !failed[id] {
					t.Errorf("%s does not fail on a client killed mid-run", id)
				}
			}
			if left := alive(t, pid, pid); len(left) > 0 {
				t.Errorf("processes left behind: %v", left)
			}
		})
	}
}

// goReference builds the reference Go client as a process-protocol client
// (clients/process/go).
func goReference(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "authconform-go-client")
	cmd := exec.Command("go", "build", "-o", bin, "./clients/process/go")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./clients/process/go: %v\n%s", err, out)
	}
	return bin
}
