package process_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/authconform/authconform/clients/go/mutants"
	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/process"
	"github.com/authconform/authconform/scenarios"
)

// root is the module's root, from this package's folder.
const root = "../.."

// browserOnly are the rules no process client can be judged on: it has no
// page scripts.
var browserOnly = map[string]bool{"SEC-1": true}

// buildGoAdapter builds clients/process/go into a temporary folder.
func buildGoAdapter(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the Go adapter: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "authconform-go-client")
	cmd := exec.Command(goTool, "build", "-o", bin, "./clients/process/go")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./clients/process/go: %v\n%s", err, out)
	}
	return bin
}

// nodeScript returns the command running a script of clients/process/node;
// it fails with the fix when node or the node_modules are missing.
func nodeScript(t *testing.T, script string) []string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is needed to test the bundled Node clients (Node 20 or later): %v", err)
	}
	dir, err := filepath.Abs(filepath.Join(root, "clients/process/node"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "axios", "package.json")); err != nil {
		t.Fatalf("the Node clients' dependencies are not installed (%v); run: npm ci --prefix clients/process/node", err)
	}
	return []string{node, filepath.Join(dir, script)}
}

// verdicts runs each driver through every scenario of the catalogue in
// both styles, concurrently, and returns for each driver the rules it
// failed (with where) and the rules not judged (with why).
func verdicts(t *testing.T, drivers map[string]runner.Driver) (failed, notJudged map[string]map[string][]string) {
	t.Helper()
	failed, notJudged = map[string]map[string][]string{}, map[string]map[string][]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for name, d := range drivers {
		failed[name], notJudged[name] = map[string][]string{}, map[string][]string{}
		for _, style := range fakeauth.Styles {
			for _, sc := range scenarios.Catalogue() {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					where := fmt.Sprintf("%s/%s", sc.ID, style)
					ev, err := runner.Run(context.Background(), sc, d, runner.Options{Target: name, Style: style})
					if err != nil {
						t.Errorf("%s %s: %v", name, where, err)
						return
					}
					mu.Lock()
					defer mu.Unlock()
					if len(ev.Problems) > 0 {
						t.Errorf("%s %s: problems %q", name, where, ev.Problems)
					}
					for _, v := range conformance.Judge(ev, sc.Judges) {
						switch v.Status {
						case conformance.Fail:
							failed[name][v.Rule] = append(failed[name][v.Rule], where)
						case conformance.NotJudged:
							notJudged[name][v.Rule] = append(notJudged[name][v.Rule], where+": "+v.Reason)
						}
					}
				}()
			}
		}
	}
	wg.Wait()
	return failed, notJudged
}

// leftovers fails the test if a live process's command line contains one
// of the strings: every run must stop its client.
func leftovers(t *testing.T, subs ...string) {
	t.Helper()
	cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range cmdlines {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 { // gone, or a zombie
			continue
		}
		cmd := strings.ReplaceAll(string(b), "\x00", " ")
		for _, sub := range subs {
			if strings.Contains(cmd, sub) {
				t.Errorf("a client was left running: %s (%s)", cmd, filepath.Dir(p))
			}
		}
	}
}

// rules lists the rules of a verdict map, sorted.
func rules(m map[string][]string) string {
	var ids []string
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return strings.Join(ids, " ")
}

func detail(m map[string][]string) string {
	var out []string
	for id, where := range m {
		sort.Strings(where)
		out = append(out, fmt.Sprintf("%s in %s", id, strings.Join(where, ", ")))
	}
	sort.Strings(out)
	return strings.Join(out, "\n  ")
}

// TestBundledAdapters runs the bundled process clients through the whole
// catalogue in both styles, through the process driver: the Go adapter
// (the reference interceptor) and the Node + axios client pass every rule;
// the Node M1, and the Go adapter running M1, fail exactly the rules the
// in-process go:M1 fails, computed here with the Go driver.
func TestBundledAdapters(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four clients through every scenario")
	}
	goBin := buildGoAdapter(t)
	m1, _ := mutants.Lookup("M1")
	correct := []string{"exec:go-adapter", "exec:node client.js"}
	asM1 := []string{"exec:node m1.js", "exec:go-adapter --mutant M1"}
	drivers := map[string]runner.Driver{
		"go:M1":                       runner.GoDriver{New: m1.New},
		"exec:go-adapter":             process.Driver{Command: []string{goBin}},
		"exec:go-adapter --mutant M1": process.Driver{Command: []string{goBin, "--mutant", "M1"}},
		"exec:node client.js":         process.Driver{Command: nodeScript(t, "client.js")},
		"exec:node m1.js":             process.Driver{Command: nodeScript(t, "m1.js")},
	}
	failed, notJudged := verdicts(t, drivers)
	leftovers(t, goBin, "clients/process/node/")

	for _, name := range correct {
		if len(failed[name]) > 0 {
			t.Errorf("%s fails {%s}; want no rule failed\n  %s", name, rules(failed[name]), detail(failed[name]))
		}
		for id, why := range notJudged[name] {
			if !browserOnly[id] {
				t.Errorf("%s: [%s] not judged: %s", name, id, strings.Join(why, "; "))
			}
		}
	}
	want := rules(failed["go:M1"])
	if want == "" {
		t.Fatal("go:M1 fails no rule: the suite lost its teeth")
	}
	for _, name := range asM1 {
		if got := rules(failed[name]); got != want {
			t.Errorf("%s fails {%s}; want {%s}, as go:M1\n  %s\ngo:M1:\n  %s", name, got, want, detail(failed[name]), detail(failed["go:M1"]))
		}
	}
	t.Logf("go:M1, exec:node m1.js and exec:go-adapter --mutant M1 fail {%s}", want)
}
