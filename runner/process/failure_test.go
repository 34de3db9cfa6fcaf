package process

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/scenarios"
)

// env is a Start environment for tests that never reach a server.
var env = runner.Env{ServerURL: "http://127.0.0.1:9", Contract: fakeauth.DefaultContract, User: fakeauth.DefaultUser}

var pidRE = regexp.MustCompile(`pid (\d+)`)

// TestStartFailures: a client that cannot start, exits, writes garbage,
// never answers or speaks another version is a Start error that says why,
// promptly, and leaves no process behind.
func TestStartFailures(t *testing.T) {
	tests := []struct {
		name string
		d    Driver
		want []string
	}{
		{"exit early", fakeDriver("exit-early"), []string{"exited (exit status 3) before answering the hello", "fatal: cannot read config.yaml"}},
		{"garbage", fakeDriver("garbage"), []string{"sent no hello within", `its stdout said "Starting client on port 3000..."`, "log to stderr"}},
		{"silent", fakeDriver("silent"), []string{"sent no hello within 500ms", "its stderr ends with: pid"}},
		{"other version", fakeDriver("version2"), []string{"speaks protocol version 2; this harness speaks version 1"}},
		{"not found", Driver{Command: []string{"authconform-no-such-client"}}, []string{"executable file not found", "is it installed and on PATH?"}},
		{"relative path", Driver{Command: []string{"./no/such/client.sh"}}, []string{"no such file or directory", "relative to the working directory"}},
		{"relative script", Driver{Command: []string{"sh", "no/such/client.sh"}}, []string{"before answering the hello", "where no/such/client.sh does not exist: give absolute paths"}},
		{"interpreter fails", Driver{Command: []string{"sh", "-c", "echo 'Error: Cannot find module client.js' >&2; exit 1"}}, []string{"exited (exit status 1) before answering the hello", "Cannot find module client.js", "working directory"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.d.HelloTimeout = 500 * time.Millisecond
			start := time.Now()
			s, err := tt.d.Start(context.Background(), env)
			if err == nil {
				s.Close()
				t.Fatal("Start succeeded; want an error")
			}
			t.Logf("error: %v", err)
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("Start took %v; want it to give up promptly", took)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got %q; want it to contain %q", err, w)
				}
			}
			if m := pidRE.FindStringSubmatch(err.Error()); m != nil {
				pid, _ := strconv.Atoi(m[1])
				if left := alive(t, pid, pid); len(left) > 0 {
					t.Errorf("processes left behind: %v", left)
				}
			}
		})
	}
}

// runFake runs a fake client through a short expired-access scenario.
func runFake(t *testing.T, mode string) *conformance.Evidence {
	t.Helper()
	sc, err := scenarios.Lookup("expired-access")
	if err != nil {
		t.Fatal(err)
	}
	ev, err := runner.Run(context.Background(), sc, fakeDriver(mode), runner.Options{Target: "exec:fake", Deadline: 400 * time.Millisecond, Quiet: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// noneLeft checks that the fake client's group (its pid, from its first
// stderr line) and its child are gone.
func noneLeft(t *testing.T, ev *conformance.Evidence) {
	t.Helper()
	pid := pidIn(ev.Console, "pid")
	if pid == 0 {
		t.Fatalf("no pid in the console %q", ev.Console)
	}
	if left := alive(t, pid, pidIn(ev.Console, "child")); len(left) > 0 {
		t.Errorf("processes left behind: %v", left)
	}
}

func outcomes(ev *conformance.Evidence) map[conformance.Outcome]int {
	n := map[conformance.Outcome]int{}
	for _, rd := range ev.Rounds {
		for _, c := range rd.Calls {
			n[c.Outcome]++
		}
	}
	return n
}

func contains(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	all := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s %q; want it to contain %q", what, all, w)
		}
	}
}

// TestRunBrokenClients: whatever a started client does wrong, the run ends
// on time with evidence that says what happened, and leaves no process.
func TestRunBrokenClients(t *testing.T) {
	tests := []struct {
		mode         string
		ok, pending  int      // calls answered 200, calls pending (of the burst's 5)
		errored      int      // calls settled with an error
		problems     []string // in ev.Problems
		noProblems   bool
		console      []string // in ev.Console
		logouts      int
		stateMissing bool
	}{
		{mode: "good", ok: 5, noProblems: true, console: []string{"event: logout: just testing"}, logouts: 1},
		{mode: "never-answers", pending: 5, noProblems: true},
		{mode: "crash", pending: 5, stateMissing: true, problems: []string{
			"exited (exit status 2) before the run ended with 5 requests unanswered (r1-b1, r1-b2, r1-b3, r1-b4, r1-b5)",
			"its stderr ends with: pid", "panic: boom", "reading the client's state: process: the client exited (exit status 2)"},
			console: []string{"panic: boom"}},
		{mode: "garbage-midrun", errored: 1, pending: 4, problems: []string{
			`is not a protocol message (a JSON object with a "type"): "GET /api/`,
			`a reply to "no-such-id", an id the harness never sent`,
			`unknown message type "mystery"`,
			`the reply to "r1-b1" has neither an error nor a valid status (0)`,
			`a second reply to "r1-b1"`}},
		{mode: "ignore-shutdown", ok: 5, logouts: 1, problems: []string{
			"did not exit within 300ms of the shutdown message; its process group got SIGTERM",
			"did not exit within 200ms of SIGTERM; its process group got SIGKILL"}},
		{mode: "exit-1-on-shutdown", ok: 5, logouts: 1, problems: []string{"exited with exit status 1 after the shutdown message"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			ev := runFake(t, tt.mode)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the run took %v; want it bounded by its deadlines", took)
			}
			t.Logf("problems: %q", ev.Problems)
			n := outcomes(ev)
			if n[conformance.OutcomeOK] != tt.ok || n[conformance.OutcomePending] != tt.pending || n[conformance.OutcomeError] != tt.errored {
				t.Errorf("got outcomes %v; want %d ok, %d pending, %d error", n, tt.ok, tt.pending, tt.errored)
			}
			if tt.noProblems && len(ev.Problems) > 0 {
				t.Errorf("got problems %q; want none", ev.Problems)
			}
			contains(t, "got problems", ev.Problems, tt.problems...)
			contains(t, "got console", ev.Console, tt.console...)
			st := ev.Rounds[0].State
			switch {
			case tt.stateMissing && st != nil:
				t.Errorf("got state %+v; want none", st)
			case !tt.stateMissing && st == nil:
				t.Error("got no state")
			case st != nil && st.Logouts != tt.logouts:
				t.Errorf("got %d logouts; want %d", st.Logouts, tt.logouts)
			}
			noneLeft(t, ev)
		})
	}
}

// TestContextEndStopsClient: when the Start context ends, the client's
// group is stopped even if it ignores SIGTERM, and Close returns promptly.
func TestContextEndStopsClient(t *testing.T) {
	d := fakeDriver("ignore-shutdown")
	ctx, cancel := context.WithCancel(context.Background())
	sess, err := d.Start(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	s := sess.(*session)
	pgid := s.p.pgid()
	cancel()
	if !s.p.waitExit(d.KillGrace + 2*time.Second) {
		t.Fatal("the client still runs after its context ended")
	}
	start := time.Now()
	sess.Close()
	if took := time.Since(start); took > time.Second {
		t.Errorf("Close took %v after the client was stopped", took)
	}
	if left := alive(t, pgid, pidIn(s.Console(), "child")); len(left) > 0 {
		t.Errorf("processes left behind: %v", left)
	}
	if err := s.Login(context.Background()); err == nil || !strings.Contains(err.Error(), "signal: killed") {
		t.Errorf("Login on a stopped client: got %v; want the way it died", err)
	}
}
