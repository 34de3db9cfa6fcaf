package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/authconform/authconform/clients/go/mutants"
	"github.com/authconform/authconform/clients/web"
	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/scenarios"
)

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, 2, "Usage:"},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate" (want serve, list, report, profile or help)`},
		{"bad style", []string{"serve", "--style", "jwt"}, 2, `--style "jwt": want cookie or bearer`},
		{"bad scale", []string{"serve", "--scale", "0"}, 2, "--scale 0: want a positive factor"},
		{"bad origin", []string{"serve", "--origin", "localhost:5173"}, 2, `--origin "localhost:5173": want scheme://host[:port]`},
		{"unknown scenario", []string{"serve", "--scenario", "nope"}, 2, `unknown scenario "nope" (want one of `},
		{"unknown flag", []string{"serve", "--port", "80"}, 2, "flag provided but not defined: -port"},
		{"unknown list", []string{"list", "extra"}, 2, `unknown list "extra" (want scenarios, rules, targets, mutants)`},
		{"two lists", []string{"list", "rules", "mutants"}, 2, `unexpected argument "mutants"`},
		{"non-loopback", []string{"serve", "--addr", "0.0.0.0:0"}, 1, "not a loopback address"},
		{"missing scenario dir", []string{"list", "--scenarios", "/nonexistent/dir"}, 1, "/nonexistent/dir"},
		{"help of unknown", []string{"help", "nope"}, 2, `unknown command "nope"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errb)
			if code != tt.code {
				t.Errorf("exit code: got %d; want %d (stderr: %s)", code, tt.code, errb.String())
			}
			if !strings.Contains(errb.String(), tt.want) {
				t.Errorf("stderr: got %q; want it to contain %q", errb.String(), tt.want)
			}
		})
	}
}

func TestHelpTeaches(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"help"}, []string{"serve", "list", "profile", "authconform serve --scenario revoked", "authconform profile init"}},
		{[]string{"help", "serve"}, []string{"listening on http://127.0.0.1:PORT", "-scenario", "-style", "-origin", "-profile", "With --profile FILE", "/__authconform/", "Examples:"}},
		{[]string{"help", "profile"}, []string{"authconform profile init [--force] [FILE]", "authconform profile check FILE", "-force", "--target=app:"}},
		{[]string{"help", "list"}, []string{"-scenarios", "-json"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(context.Background(), tt.args, &out, &errb); code != 0 {
				t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("help output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

func TestList(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"list"}, &out, &errb); code != 0 {
		t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
	}
	for _, sc := range scenarios.Catalogue() {
		line := ""
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, sc.ID+" ") {
				line = l
			}
		}
		if line == "" {
			t.Errorf("list lacks scenario %s:\n%s", sc.ID, out.String())
			continue
		}
		if !strings.Contains(line, strings.Join(sc.Judges, " ")) {
			t.Errorf("list line %q lacks the judges %v", line, sc.Judges)
		}
	}

	for _, r := range conformance.Rules() {
		if !strings.Contains(out.String(), r.ID+"  ") {
			t.Errorf("list lacks rule %s", r.ID)
		}
	}
	for _, m := range mutants.All() {
		if !strings.Contains(out.String(), "go:"+m.ID+" ") {
			t.Errorf("list lacks mutant go:%s", m.ID)
		}
	}
	for _, v := range web.Variants()[1:] {
		if !strings.Contains(out.String(), "web:"+v.ID+" ") {
			t.Errorf("list lacks mutant web:%s", v.ID)
		}
	}

	out.Reset()
	if code := run(context.Background(), []string{"list", "--json", "scenarios"}, &out, &errb); code != 0 {
		t.Fatalf("list --json: exit code %d", code)
	}
	var got struct{ Scenarios []scenarios.Scenario }
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("list --json is not JSON: %v", err)
	}
	if len(got.Scenarios) != len(scenarios.Catalogue()) {
		t.Errorf("list --json: got %d scenarios; want %d", len(got.Scenarios), len(scenarios.Catalogue()))
	}
}

func TestListOwnFolderReplacesAndAdds(t *testing.T) {
	dir := t.TempDir()
	own := `id: my-case
title: My own case
description: The refresh endpoint answers 418 forever; a client must log out.
judges: [LO-1]
server:
  behaviours:
    refresh:
      - respond: {status: 418}
workload:
  setup: [expire-access]
  burst: 2
timing:
  deadline: 2s
  quiet: 200ms
`
	if err := os.WriteFile(filepath.Join(dir, "my-case.yaml"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"list", "--scenarios", dir}, &out, &errb); code != 0 {
		t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
	}
	if !strings.Contains(out.String(), "my-case") || !strings.Contains(out.String(), "expired-access") {
		t.Errorf("list with --scenarios should show both own and built-in scenarios:\n%s", out.String())
	}
}

// TestServeInProcess runs serve until its context ends and talks to it.
func TestServeInProcess(t *testing.T) {
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	journal := filepath.Join(t.TempDir(), "journal.json")
	go func() {
		done <- run(ctx, []string{"serve", "--scenario", "refresh-5xx-always", "--style", "bearer", "--journal-out", journal}, pw, &errb)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v", err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line: got %q; want \"listening on http://127.0.0.1:PORT\"", line)
	}
	go io.Copy(io.Discard, pr)

	res, err := http.Post(url+"/auth/refresh", "application/json", strings.NewReader(`{"refresh_token":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("refresh under refresh-5xx-always: got %d; want 503", res.StatusCode)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
	}
	b, err := os.ReadFile(journal)
	if err != nil {
		t.Fatalf("--journal-out: %v", err)
	}
	var snap fakeauth.Snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		t.Fatalf("journal file: %v", err)
	}
	if n := snap.Count(fakeauth.KindRefresh); n != 1 {
		t.Errorf("journal refresh entries: got %d; want 1", n)
	}
	if !strings.Contains(errb.String(), "stopped after") {
		t.Errorf("stderr lacks the stop line: %s", errb.String())
	}
}

// TestServeBinarySignals builds the real binary and stops it with SIGINT and
// SIGTERM, as a person or a CI job would.
func TestServeBinarySignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	bin := filepath.Join(t.TempDir(), "authconform")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "serve", "--scenario", "refresh-hang")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var errb bytes.Buffer
			cmd.Stderr = &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil {
				t.Fatalf("first line: %v", err)
			}
			url := strings.TrimPrefix(strings.TrimSpace(line), "listening on ")
			// A refresh left hanging must not keep the server from stopping.
			hung := make(chan error, 1)
			go func() {
				res, err := http.Post(url+"/auth/refresh", "application/json", nil)
				if err == nil {
					res.Body.Close()
					err = fmt.Errorf("status %d", res.StatusCode)
					res = nil
				}
				hung <- err
			}()
			waitForRefresh(t, url)
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("exit after %v: %v (stderr: %s)", sig, err, errb.String())
			}
			if err := <-hung; strings.HasPrefix(err.Error(), "status") {
				t.Errorf("the hung refresh got an answer (%v); want a closed connection", err)
			}
		})
	}
}

// waitForRefresh polls the journal until a refresh is in flight.
func waitForRefresh(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		res, err := http.Get(url + fakeauth.ControlPrefix + "journal")
		if err == nil {
			var snap fakeauth.Snapshot
			json.NewDecoder(res.Body).Decode(&snap)
			res.Body.Close()
			if snap.InFlight > 1 { // the refresh, and this journal call itself
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the refresh never reached the server")
}
