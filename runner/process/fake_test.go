package process

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fakeEnv makes the test binary, re-executed, play a fake client.
const fakeEnv = "AUTHCONFORM_FAKE_CLIENT"

func TestMain(m *testing.M) {
	if mode := os.Getenv(fakeEnv); mode != "" {
		os.Exit(fakeClient(mode))
	}
	os.Exit(m.Run())
}

// fakeDriver is a driver running the test binary as the fake client mode,
// with short timings.
func fakeDriver(mode string) Driver {
	return Driver{
		Command: []string{os.Args[0]},
		// The race detector's exit sleep would make every fake client
		// look slow to shut down.
		Env:           []string{fakeEnv + "=" + mode, "GORACE=atexit_sleep_ms=0"},
		HelloTimeout:  2 * time.Second,
		ShutdownGrace: 300 * time.Millisecond,
		KillGrace:     200 * time.Millisecond,
	}
}

// fakeClient is a small client, correct or broken as mode says. It
// returns its exit status.
func fakeClient(mode string) int {
	fmt.Fprintf(os.Stderr, "pid %d\n", os.Getpid())
	out := json.NewEncoder(os.Stdout)
	reply := func(id string, fields map[string]any) {
		m := map[string]any{"type": "reply", "id": id}
		for k, v := range fields {
			m[k] = v
		}
		out.Encode(m)
	}
	switch mode {
	case "exit-early":
		fmt.Fprintln(os.Stderr, "fatal: cannot read config.yaml")
		return 3
	case "garbage":
		fmt.Println("Starting client on port 3000...")
		fmt.Println("{not json")
		select {} // never answers, never exits by itself
	case "sleeper": // a child that ignores SIGTERM
		signal.Ignore(syscall.SIGTERM)
		time.Sleep(time.Minute)
		return 0
	case "ignore-shutdown":
		signal.Ignore(syscall.SIGTERM)
		child := exec.Command(os.Args[0])
		child.Env = append(os.Environ(), fakeEnv+"=sleeper")
		child.Stderr = os.Stderr
		if err := child.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "child %d\n", child.Process.Pid)
	}
	sc := bufio.NewScanner(os.Stdin)
	requests := 0
	server := ""
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			fmt.Fprintln(os.Stderr, "bad line from the harness:", sc.Text())
			return 1
		}
		id, _ := m["id"].(string)
		switch m["type"] {
		case "hello":
			switch mode {
			case "silent":
				continue
			case "version2":
				out.Encode(map[string]any{"type": "hello", "version": 2})
				continue
			}
			server, _ = m["server"].(string)
			out.Encode(map[string]any{"type": "hello", "version": 1, "name": "fake " + mode})
		case "login":
			if err := fakeLogin(server, m); err != nil {
				reply(id, map[string]any{"error": err.Error()})
				continue
			}
			reply(id, nil)
		case "request":
			requests++
			switch mode {
			case "crash":
				fmt.Fprintln(os.Stderr, "panic: boom")
				return 2
			case "garbage-midrun":
				fmt.Println("GET " + m["path"].(string) + " -> 200") // a log line on stdout
				reply("no-such-id", map[string]any{"status": 200})
				if requests == 1 {
					out.Encode(map[string]any{"type": "mystery"})
					reply(id, map[string]any{}) // neither status nor error
					reply(id, map[string]any{"status": 200})
				}
			case "never-answers":
			default:
				reply(id, map[string]any{"status": 200})
				if requests == 1 {
					out.Encode(map[string]any{"type": "event", "event": "logout", "detail": "just testing"})
				}
			}
		case "state":
			reply(id, map[string]any{"state": map[string]any{"logged_out": false, "credentials": []string{"access (memory)"}}})
		case "shutdown":
			if mode == "ignore-shutdown" {
				continue
			}
			if mode == "exit-1-on-shutdown" {
				return 1
			}
			return 0
		}
	}
	if mode == "ignore-shutdown" {
		select {} // stdin closed: still not leaving
	}
	return 0
}

// fakeLogin logs in for real, so the server opens a session; the fake
// client's requests are answered without being sent.
func fakeLogin(server string, m map[string]any) error {
	body, _ := json.Marshal(map[string]any{"username": m["username"], "password": m["password"]})
	resp, err := http.Post(server+"/auth/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("login: status %d", resp.StatusCode)
	}
	return nil
}

// alive lists the live (not zombie) processes of a process group, or whose
// ID is pid, from /proc.
func alive(t *testing.T, pgid, pid int) []string {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		// No /proc: the group's members, zombies included.
		if syscall.Kill(-pgid, 0) == nil || (pid > 0 && syscall.Kill(pid, 0) == nil) {
			return []string{"group " + strconv.Itoa(pgid)}
		}
		return nil
	}
	var out []string
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // gone meanwhile
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) < 3 || f[0] == "Z" {
			continue
		}
		id, _ := strconv.Atoi(strings.Fields(s)[0])
		grp, _ := strconv.Atoi(f[2])
		if grp == pgid || id == pid {
			out = append(out, s[:i+1])
		}
	}
	return out
}

// pidIn finds "<word> N" in lines and returns N.
func pidIn(lines []string, word string) int {
	for _, l := range lines {
		if rest, ok := strings.CutPrefix(l, word+" "); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(rest)); err == nil {
				return n
			}
		}
	}
	return 0
}
