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

// browserOf finds the browser folder a suite process made (it names its
// owner) and the Chromium processes that use it.
func browserOf(suite int) (folder string, pids []int) {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "authconform-browser-*"))
	for _, d := range dirs {
		owner, err := os.ReadFile(filepath.Join(d, "owner"))
		if err == nil && (string(owner) == strconv.Itoa(suite) || strings.HasPrefix(string(owner), strconv.Itoa(suite)+":") || strings.HasPrefix(string(owner), strconv.Itoa(suite)+" ")) {
			folder = d
		}
	}
	if folder == "" {
		return "", nil
	}
	return folder, using(folder)
}

// using lists the live processes whose command line mentions folder.
func using(folder string) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil || !alive(p) {
			continue
		}
		if b, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline")); bytes.Contains(b, []byte(folder)) {
			out = append(out, p)
		}
	}
	return out
}

// TestNoBrowserLeftBehind runs the web target through the ginkgo CLI and
// ends it four ways — a passing run, a failing run, Ctrl-C to the process
// group, SIGKILL of the ginkgo CLI — and checks each time that no Chromium
// process and no browser folder of the suite is left.
func TestNoBrowserLeftBehind(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite with a browser through the ginkgo CLI")
	}
	tests := []struct {
		name   string
		target string
		end    func(t *testing.T, cmd *exec.Cmd)
	}{
		{"passing run", "web", nil},
		{"failing run", "web:M1", nil},
		{"ctrl-c to the process group", "web:M1", func(t *testing.T, cmd *exec.Cmd) {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
		}},
		{"sigkill of ginkgo", "web:M1", func(t *testing.T, cmd *exec.Cmd) {
			cmd.Process.Signal(syscall.SIGKILL)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			args := []string{"--no-color", "./suites", "--", "--target=" + tt.target,
				"--scenario=revoked", "--style=cookie", "--results="}
			if tt.end != nil {
				args = append(args, "--deadline=60s") // the run would outlast the test
			}
			cmd := exec.CommandContext(ctx, ginkgo(t), args...)
			cmd.Dir = repoRoot(t)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			// Wait until the suite runs its browser.
			var suite int
			var folder string
			for deadline := time.Now().Add(2 * time.Minute); folder == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				for _, c := range children(cmd.Process.Pid) {
					if f, pids := browserOf(c); f != "" && len(pids) > 0 {
						suite, folder = c, f
					}
				}
				if !alive(cmd.Process.Pid) {
					break
				}
			}
			if folder == "" {
				cmd.Wait()
				t.Fatalf("the suite never started a browser:\n%s", out.String())
			}
			if tt.end != nil {
				time.Sleep(time.Second) // let the run reach its deadlock
				tt.end(t, cmd)
			}
			err := cmd.Wait()
			switch {
			case tt.target == "web" && err != nil:
				t.Errorf("the passing run failed: %v\n%s", err, out.String())
			case tt.target != "web" && err == nil:
				t.Errorf("the failing run passed:\n%s", out.String())
			}
			ended := time.Now()
			for (alive(suite) || len(using(folder)) > 0 || exists(folder)) && time.Since(ended) < 20*time.Second {
				time.Sleep(50 * time.Millisecond)
			}
			if alive(suite) {
				t.Errorf("the suite process %d is still running", suite)
			}
			if pids := using(folder); len(pids) > 0 {
				t.Errorf("Chromium processes %v still use %s", pids, folder)
				for _, p := range pids {
					syscall.Kill(p, syscall.SIGKILL)
				}
			}
			if exists(folder) {
				t.Errorf("the browser folder %s is still there", folder)
				os.RemoveAll(folder)
			}
		})
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
