package browser

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/fakeauth/control"
	"github.com/authconform/authconform/internal/leakcheck"
	"github.com/authconform/authconform/runner"
)

// crashingDriver kills Chromium with SIGKILL once the burst has left the
// page and the server has answered one of its requests 401: a browser that
// crashes mid-scenario.
type crashingDriver struct {
	*Driver
	killed chan struct{}
}

func (d crashingDriver) Start(ctx context.Context, env runner.Env) (runner.Session, error) {
	s, err := d.Driver.Start(ctx, env)
	if err != nil {
		return nil, err
	}
	return &crashingSession{session: s.(*session), d: d, server: env.ServerURL}, nil
}

type crashingSession struct {
	*session
	d      crashingDriver
	server string
	once   sync.Once
}

func (c *crashingSession) IssueAll(ctx context.Context, calls []runner.CallSpec, done func(string, runner.Result)) {
	c.session.IssueAll(ctx, calls, done)
	c.once.Do(func() {
		defer close(c.d.killed)
		cc := control.New(c.server)
		for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(2 * time.Millisecond) {
			if snap, err := cc.Journal(ctx); err == nil && len(snap.Of(fakeauth.KindRefresh)) > 0 || snap.InFlight > 0 && len(snap.Of(fakeauth.KindAPI)) > 0 {
				break
			}
		}
		syscall.Kill(c.d.browser.PID(), syscall.SIGKILL)
	})
}

// TestChromiumCrashMidScenario kills Chromium while a run's refresh is in
// flight: the run ends within its bounds with evidence that names the
// crash and no rule passing on it, a later run fails at once with a clear
// error, and Close leaves no process, folder, goroutine or port behind.
func TestChromiumCrashMidScenario(t *testing.T) {
	// The browser's folder goes here, and only there. Not t.TempDir():
	// Chromium's singleton socket path must stay under 108 bytes.
	tmp, err := os.MkdirTemp("", "ac")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	t.Setenv("TMPDIR", tmp)
	leakcheck.Cleanup(t, filepath.Join(tmp, tempPrefix+"*"))
	b := &Browser{}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	pid := b.PID()
	b.mu.Lock()
	folder := b.tmp
	b.mu.Unlock()
	if !strings.HasPrefix(folder, tmp) {
		t.Fatalf("the browser's folder %s is not in TMPDIR %s", folder, tmp)
	}

	var ev *conformance.Evidence
	d := crashingDriver{Driver: New(b, ""), killed: make(chan struct{})}
	defer d.Close()
	sc := lookup(t, "slow-refresh")
	const deadline = 2 * time.Second
	start := time.Now()
	ev, err = runner.Run(ctx, sc, d, runner.Options{Target: "web", Deadline: deadline, Quiet: 50 * time.Millisecond})
	took := time.Since(start)
	<-d.killed
	if err != nil {
		t.Logf("the run failed: %v", err)
		if !strings.Contains(err.Error(), "Chromium") {
			t.Errorf("the run's error %q does not say Chromium went away", err)
		}
	} else {
		t.Logf("the run took %v; problems: %q", took.Round(time.Millisecond), ev.Problems)
		if !strings.Contains(strings.Join(ev.Problems, "\n"), "browser process exited: signal: killed") {
			t.Errorf("problems %q; want them to say the browser was killed", ev.Problems)
		}
		for _, v := range conformance.Judge(ev, sc.Judges) {
			t.Logf("%s %s: %s", v.Rule, v.Status, v.Actual+v.Reason)
			if v.Status == conformance.Pass && v.Rule != "SF-1" {
				t.Errorf("%s passes on a run whose browser crashed: %s", v.Rule, v.Reason)
			}
		}
	}
	// Login (up to its timeout), the deadline, and the state read, each
	// bounded: a crashed browser must not make the run wait longer.
	if limit := deadline + StepTimeout + 5*time.Second; took > limit {
		t.Errorf("the run took %v; want at most %v", took, limit)
	}

	// The next run fails at once, saying why.
	start = time.Now()
	_, err = runner.Run(ctx, sc, d.Driver, runner.Options{Target: "web"})
	t.Logf("a run after the crash: %v", err)
	if err == nil || !strings.Contains(err.Error(), "Chromium has exited") {
		t.Errorf("a run after the crash: got %v; want an error saying Chromium has exited", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a run after the crash took %v to fail; want it at once", took)
	}

	if err := b.Close(); err != nil {
		t.Logf("Close: %v", err)
	}
	for _, p := range owned(t, pid, folder, filepath.Join(folder, "profile")) {
		t.Errorf("left running: pid %d (parent %d, state %s): %.200s", p.pid, p.ppid, p.state, p.args)
	}
	if _, err := os.Stat(folder); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("folder %s left behind (%v)", folder, err)
	}
}
