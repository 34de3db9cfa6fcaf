// Package e2e runs the conformance suite the way a user does, through the
// ginkgo CLI, and checks what only shows from outside: the JUnit file, and
// that nothing survives a killed ginkgo.
package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ginkgo returns the path of the ginkgo CLI pinned by go.mod's tool directive.
func ginkgo(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "tool", "-n", "ginkgo").Output()
	if err != nil {
		t.Fatalf("go tool -n ginkgo: %v", err)
	}
	return strings.TrimSpace(string(out))
}

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// children lists the pids whose parent is pid.
func children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so cut at the last ')'.
		fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
		if len(fields) > 1 {
			if pp, _ := strconv.Atoi(fields[1]); pp == pid {
				out = append(out, p)
			}
		}
	}
	return out
}

func alive(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// A zombie is dead for our purposes.
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}

// TestKilledGinkgoLeavesNothing kills the ginkgo CLI with SIGKILL while a
// run is deadlocked (go:M1 with a 60 s deadline) and checks that the suite
// process notices its parent's death and exits at once.
func TestKilledGinkgoLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the suite through the ginkgo CLI")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, ginkgo(t), "--no-color", "./suites", "--",
		"--target=go:M1", "--scenario=revoked", "--style=cookie", "--deadline=60s", "--results=")
	cmd.Dir = repoRoot(t)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the compiled suite to run under ginkgo.
	var suite int
	for deadline := time.Now().Add(2 * time.Minute); suite == 0 && time.Now().Before(deadline); {
		for _, c := range children(cmd.Process.Pid) {
			if b, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(c), "cmdline")); bytes.Contains(b, []byte("suites.test")) {
				suite = c
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if suite == 0 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the suite process never started under ginkgo:\n%s", out.String())
	}
	time.Sleep(time.Second) // let the run reach its deadlock
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed := time.Now()
	for alive(suite) && time.Since(killed) < 20*time.Second {
		time.Sleep(50 * time.Millisecond)
	}
	if alive(suite) {
		syscall.Kill(suite, syscall.SIGKILL)
		t.Fatalf("the suite process %d outlived the killed ginkgo by 20 s (its run would take 60 s): no watchdog", suite)
	}
	t.Logf("the suite exited %v after ginkgo was killed", time.Since(killed).Round(10*time.Millisecond))
}

// TestWatchdogEndsOrphanedSuite runs the compiled suite under a shell whose
// output goes nowhere, kills the shell, and checks that the suite's own
// watchdog (not a broken pipe) ends it.
func TestWatchdogEndsOrphanedSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the suite")
	}
	bin := filepath.Join(t.TempDir(), "suites.test")
	build := exec.Command("go", "test", "-c", "-o", bin, "./suites")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test -c: %v\n%s", err, out)
	}
	script := bin + " --target=go:M1 --scenario=revoked --style=cookie --deadline=60s --results= >/dev/null 2>&1; true"
	sh := exec.Command("sh", "-c", script)
	sh.Dir = filepath.Join(repoRoot(t), "suites")
	if err := sh.Start(); err != nil {
		t.Fatal(err)
	}
	var suite int
	for deadline := time.Now().Add(30 * time.Second); suite == 0 && time.Now().Before(deadline); {
		if cs := children(sh.Process.Pid); len(cs) > 0 {
			suite = cs[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if suite == 0 {
		sh.Process.Kill()
		sh.Wait()
		t.Fatal("the suite never started under the shell")
	}
	time.Sleep(time.Second) // let the run reach its deadlock
	sh.Process.Signal(syscall.SIGKILL)
	sh.Wait()
	killed := time.Now()
	for alive(suite) && time.Since(killed) < 20*time.Second {
		time.Sleep(50 * time.Millisecond)
	}
	if alive(suite) {
		syscall.Kill(suite, syscall.SIGKILL)
		t.Fatalf("the orphaned suite %d ran on for 20 s (its run would take 60 s): the watchdog did not stop it", suite)
	}
	t.Logf("the orphaned suite exited %v after its parent died", time.Since(killed).Round(10*time.Millisecond))
}
