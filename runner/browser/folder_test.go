package browser

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSweepStale checks that a folder whose owner is gone is removed, and
// one whose owner runs is kept.
func TestSweepStale(t *testing.T) {
	live, err := makeFolder()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(live)
	dead, err := makeFolder()
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dead)
	// A pid that runs, with another start time: a process that reused
	// the pid of the folder's dead owner.
	if err := os.WriteFile(filepath.Join(dead, ownerFile), []byte(fmt.Sprintf("%d 1", os.Getpid())), 0o600); err != nil {
		t.Fatal(err)
	}
	sweepStale()
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the live owner's folder: %v; want it kept", err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dead owner's folder: %v; want it removed", err)
	}
}

// helperEnv makes the test binary a process that starts a browser, prints
// its folder and waits to be killed.
const helperEnv = "AUTHCONFORM_BROWSER_HELPER"

func TestHelperBrowser(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		return // not the helper: nothing to test here
	}
	b := &Browser{}
	if err := b.Start(context.Background()); err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println("folder", b.tmp)
	time.Sleep(30 * time.Second) // the parent kills it long before
	os.Exit(1)
}

// TestKilledProcessLeavesNothing kills a process running a browser with
// SIGKILL, so it cannot close it: the browser dies with it, and the next
// browser's start removes the folder left behind.
func TestKilledProcessLeavesNothing(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperBrowser$")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("reading the helper's folder: %v", err)
	}
	dir, ok := strings.CutPrefix(strings.TrimSpace(line), "folder ")
	if !ok {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the helper said %q", line)
	}
	if got := owned(t, -1, dir, dir); len(got) == 0 {
		t.Errorf("no process of the helper's browser found before the kill")
	}
	cmd.Process.Kill()
	cmd.Wait()

	// The browser dies with its parent (Pdeathsig); its children follow.
	deadline := time.Now().Add(5 * time.Second)
	for len(owned(t, -1, dir, dir)) > 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the killed helper's folder: %v; want it left behind", err)
	}
	sweepStale() // what the next browser's start does
	for _, p := range owned(t, -1, dir, dir) {
		t.Errorf("left running: pid %d (parent %d, state %s): %.200s", p.pid, p.ppid, p.state, p.args)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed helper's folder: %v; want it removed", err)
	}
}
