package browser

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authconform/authconform/runner"
)

func TestBrowserMissing(t *testing.T) {
	b := &Browser{ExecPath: "/nonexistent/chromium"}
	defer b.Close()
	err := b.Start(context.Background())
	if !errors.Is(err, ErrNoChromium) || !strings.Contains(err.Error(), InstallCommand) {
		t.Errorf("got %v; want ErrNoChromium naming %q", err, InstallCommand)
	}

	// A run fails loudly with the same fix.
	d := NewApp(b, standin(), "")
	defer d.Close()
	_, err = runner.Run(context.Background(), lookup(t, "expired-access"), d, runner.Options{Target: "web"})
	if err == nil || !strings.Contains(err.Error(), "starting web") || !strings.Contains(err.Error(), InstallCommand) {
		t.Errorf("got %v; want the run to fail naming %q", err, InstallCommand)
	}
}

// proc is a process as /proc shows it.
type proc struct {
	pid, ppid int
	state     string // R, S, Z, ...
	args      string
	env       string
}

// procs lists the processes of the machine.
func procs(t *testing.T) map[int]proc {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]proc{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid ...; comm may hold spaces.
		rest := stat[bytes.LastIndexByte(stat, ')')+2:]
		f := strings.Fields(string(rest))
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		args, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		env, _ := os.ReadFile("/proc/" + e.Name() + "/environ")
		out[pid] = proc{pid: pid, ppid: ppid, state: f[0],
			args: string(bytes.ReplaceAll(args, []byte{0}, []byte{' '})),
			env:  string(bytes.ReplaceAll(env, []byte{0}, []byte{' '}))}
	}
	return out
}

// owned returns the live processes of the browser with process id pid and
// temp folder tmp: its descendants, and whatever runs with its folders.
func owned(t *testing.T, pid int, tmp, profile string) []proc {
	t.Helper()
	all := procs(t)
	descends := func(p proc) bool {
		for i := 0; i < 64 && p.pid > 1; i++ {
			if p.pid == pid {
				return true
			}
			var ok bool
			if p, ok = all[p.ppid]; !ok {
				return false
			}
		}
		return false
	}
	var out []proc
	for _, p := range all {
		if p.state == "Z" || p.pid == os.Getpid() {
			continue // a zombie has exited; its parent has not reaped it yet
		}
		mine := descends(p) || strings.Contains(p.env+" ", "TMPDIR="+tmp+" ") || strings.Contains(p.args, tmp+"/") ||
			(profile != "" && strings.Contains(p.args+" ", profile+" "))
		if mine {
			out = append(out, p)
		}
	}
	return out
}

// TestCloseLeavesNothing starts a browser of its own, leaves a tab open with
// a request that never settles (a run that failed half way), closes the
// browser and checks that no process and no folder is left.
func TestCloseLeavesNothing(t *testing.T) {
	b := &Browser{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	pid := b.PID()
	b.mu.Lock()
	tmp := b.tmp
	b.mu.Unlock()
	if pid == 0 || tmp == "" {
		t.Fatalf("got pid %d, temp folder %q; want both", pid, tmp)
	}
	profile := ""
	for _, f := range strings.Fields(procs(t)[pid].args) {
		if v, ok := strings.CutPrefix(f, "--user-data-dir="); ok {
			profile = v
		}
	}
	if profile == "" {
		t.Fatalf("no --user-data-dir in the browser's command line %q", procs(t)[pid].args)
	}

	// A full run that deadlocks, then a session left open mid-request.
	d := New(b, "M1")
	defer d.Close()
	sc := lookup(t, "revoked")
	if _, err := runner.Run(ctx, sc, d, runner.Options{Target: "web:M1", Deadline: 300 * time.Millisecond, Quiet: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	env := runner.Env{ServerURL: "http://127.0.0.1:1"}
	s, err := d.Start(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	s.Issue(ctx, runner.CallSpec{ID: "x", Method: "GET", Path: "/api/items"}, func(runner.Result) {})

	before := owned(t, pid, tmp, profile)
	if len(before) < 2 {
		t.Fatalf("found %d processes of the browser before Close; want the browser and its children", len(before))
	}
	t.Logf("%d processes of the browser before Close", len(before))

	// Close from several goroutines at once, as a signal handler might.
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if err := b.Close(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	for _, p := range owned(t, pid, tmp, profile) {
		t.Errorf("left running: pid %d (parent %d, state %s): %.200s", p.pid, p.ppid, p.state, p.args)
	}
	for _, dir := range []string{tmp, profile} {
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("folder %s left behind (%v)", dir, err)
		}
	}
	if err := b.Start(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: got %v; want ErrClosed", err)
	}
	if _, err := d.Start(ctx, env); !errors.Is(err, ErrClosed) {
		t.Errorf("a driver's Start after Close: got %v; want ErrClosed", err)
	}
	s.Close() // the tab went with the browser; closing it is harmless
}

// TestCloseDuringStart closes a browser while it starts.
func TestCloseDuringStart(t *testing.T) {
	b := &Browser{}
	ready := b.begin()
	if err := b.Close(); err != nil {
		t.Error(err)
	}
	<-ready
	if err := b.Start(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: got %v; want ErrClosed", err)
	}
	b.mu.Lock()
	tmp := b.tmp
	b.mu.Unlock()
	if tmp != "" {
		if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("folder %s left behind (%v)", tmp, err)
		}
	}
}
