package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dyingClientEnv makes the test binary a process-protocol client that logs
// in and is killed by SIGKILL when the first request comes.
const dyingClientEnv = "AUTHCONFORM_E2E_DYING_CLIENT"

func TestHelperDyingClient(t *testing.T) {
	if os.Getenv(dyingClientEnv) == "" {
		return // not the helper: nothing to test here
	}
	in := bufio.NewScanner(os.Stdin)
	out := json.NewEncoder(os.Stdout)
	var server string
	for in.Scan() {
		var m map[string]any
		json.Unmarshal(in.Bytes(), &m)
		switch m["type"] {
		case "hello":
			server, _ = m["server"].(string)
			out.Encode(map[string]any{"type": "hello", "version": 1, "name": "dies mid-scenario"})
		case "login":
			resp, err := http.Post(server+"/auth/login", "application/json", strings.NewReader(`{"username":"alice","password":"wonderland"}`))
			if err == nil {
				resp.Body.Close()
			}
			out.Encode(map[string]any{"type": "reply", "id": m["id"]})
		case "request":
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}
	os.Exit(0)
}

// TestDeadClientFailsTheSuite runs the suite on an exec target whose client
// dies mid-scenario: the suite fails, promptly, and each spec says the
// client died, rather than passing with every rule skipped as not judged.
func TestDeadClientFailsTheSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the suite through the ginkgo CLI")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	target := "--target=exec:" + os.Args[0] + " -test.run=^TestHelperDyingClient$"
	cmd := exec.CommandContext(ctx, ginkgo(t), "--no-color", "./suites", "--",
		target, "--scenario=revoked", "--style=cookie", "--deadline=1s", "--results=")
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), dyingClientEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil {
		t.Fatalf("the suite passed on a client that died mid-scenario:\n%s", out.String())
	}
	for _, want := range []string{
		"[RJ-1] not judged: ",
		"the run went wrong:",
		"the client exited (signal: killed) before the run ended with 4 requests unanswered",
		"PENDING at deadline",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the suite's output lacks %q:\n%s", want, out.String())
		}
	}
	if m := regexp.MustCompile(`FAIL! -- (\d+) Passed \| (\d+) Failed \| \d+ Pending \| (\d+) Skipped`).FindStringSubmatch(out.String()); m == nil || m[2] == "0" || m[3] != "0" {
		t.Errorf("summary %q; want failures and no skips", m)
	}
}
