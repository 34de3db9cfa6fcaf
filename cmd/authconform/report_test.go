package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/reports"
)

// writeResults writes a small results document to path.
func writeResults(t *testing.T, path string) {
	t.Helper()
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	res := reports.Results{
		Started: time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC),
		Flags:   reports.Flags{Targets: []string{"go:M1"}, Styles: []string{"cookie"}},
		Records: []reports.Record{{Scenario: "expired-refresh", Target: "go:M1", Style: "cookie", Judges: []string{"RJ-1"},
			Evidence: &conformance.Evidence{Scenario: "expired-refresh", Target: "go:M1", Style: "cookie",
				Rounds: []conformance.Round{{N: 1, Burst: ms(1), DeadlineAt: ms(3001), Settled: ms(3001), QuietEnd: ms(3301), End: ms(3302),
					Calls: []conformance.Call{{ID: "c1", Phase: conformance.PhaseBurst, Method: "GET", Path: "/api/items", Start: ms(1), Outcome: conformance.OutcomePending}}}},
				Server: []conformance.Request{{Seq: 1, Kind: "refresh", Method: "POST", Path: "/auth/refresh", Start: ms(2), End: ms(50), Status: 401, Cred: "expired", Outcome: "answered"}}},
			Verdicts: []conformance.Verdict{{Rule: "RJ-1", Level: conformance.Must, Status: conformance.Fail,
				Expected: "every call settles", Actual: "1 call still pending at the deadline"}}}},
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := reports.WriteJSON(&b, res); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReportDefaults runs `authconform report` with no flags in a
// repository-like folder: reports/results.json in, reports/report.html out.
func TestReportDefaults(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeResults(t, filepath.Join("reports", "results.json"))
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"report"}, &out, &errb); code != 0 {
		t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
	}
	if want := "wrote reports/report.html: 1 records, 1 failures\n"; out.String() != want {
		t.Errorf("stdout: got %q; want %q", out.String(), want)
	}
	page, err := os.ReadFile(filepath.Join(dir, "reports", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", `<svg xmlns="http://www.w3.org/2000/svg" class="tl"`, "expired-refresh · go:M1 · cookie", "1 call still pending"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "reports", ".*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestReportToStdout(t *testing.T) {
	in := filepath.Join(t.TempDir(), "run.json")
	writeResults(t, in)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"report", "--in", in, "--out", "-"}, &out, &errb); code != 0 {
		t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
	}
	if !strings.HasPrefix(out.String(), "<!DOCTYPE html>") {
		t.Errorf("stdout: got %.60q…; want the HTML page", out.String())
	}
}

func TestReportJUnit(t *testing.T) {
	dir := t.TempDir()
	junit := filepath.Join(dir, "junit.xml")
	in, err := os.ReadFile("../../reports/testdata/junit.in.xml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(junit, in, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"report", "--in", "../../reports/testdata/junit.results.json", "--out", filepath.Join(dir, "r.html"), "--junit", junit}
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
	}
	once, _ := os.ReadFile(junit)
	if bytes.Contains(once, []byte(`value="&#34;`)) || !bytes.Contains(once, []byte(`<property name="rule" value="RJ-1">`)) {
		t.Error("the JUnit properties are still JSON-quoted")
	}
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("second run: exit code %d (stderr: %s)", code, errb.String())
	}
	if twice, _ := os.ReadFile(junit); !bytes.Equal(once, twice) {
		t.Error("a second rewrite changed the JUnit file")
	}
}

func TestReportErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.json")
	os.WriteFile(garbage, []byte(`{"records":[]}`), 0o644)
	good := filepath.Join(dir, "good.json")
	writeResults(t, good)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no results", []string{"report", "--in", filepath.Join(dir, "none.json")}, 1, "does not exist: run the suite first"},
		{"not results", []string{"report", "--in", garbage}, 1, "not an authconform results document"},
		{"missing junit", []string{"report", "--in", good, "--out", filepath.Join(dir, "r.html"), "--junit", filepath.Join(dir, "none.xml")}, 1, "--junit:"},
		{"argument", []string{"report", "results.json"}, 2, `unexpected argument "results.json"`},
		{"empty out", []string{"report", "--out", ""}, 2, "--in and --out must not be empty"},
		{"unknown flag", []string{"report", "--html", "x"}, 2, "flag provided but not defined: -html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(context.Background(), tt.args, &out, &errb); code != tt.code {
				t.Errorf("exit code: got %d; want %d (stderr: %s)", code, tt.code, errb.String())
			}
			if !strings.Contains(errb.String(), tt.want) {
				t.Errorf("stderr: got %q; want it to contain %q", errb.String(), tt.want)
			}
		})
	}
}

func TestReportHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"help", "report"}, &out, &errb); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	for _, want := range []string{"-in string", `(default "reports/results.json")`, `(default "reports/report.html")`, "-junit",
		"AUTHCONFORM_RESULTS", "Examples:", "running off the edge", "exit 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help report lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	run(context.Background(), []string{"help"}, &out, &errb)
	if !strings.Contains(out.String(), "report   turn a suite run's results") {
		t.Errorf("help lacks the report command:\n%s", out.String())
	}
}
