package process_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/process"
)

// docClient extracts the minimal client from docs/process-protocol.md: the
// fenced block whose first line names minimal-client.mjs.
func docClient(t *testing.T) (code string, lines int) {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "docs", "process-protocol.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	in, found := false, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		switch {
		case !in && strings.HasPrefix(l, "```js"):
			in = true
		case in && strings.HasPrefix(l, "```"):
			if found {
				return b.String(), lines
			}
			in = false
			b.Reset()
			lines = 0
		case in:
			if lines == 0 && strings.Contains(l, "minimal-client.mjs") {
				found = true
			}
			b.WriteString(l + "\n")
			lines++
		}
	}
	t.Fatal("docs/process-protocol.md has no ```js block starting with // minimal-client.mjs")
	return "", 0
}

// TestDocMinimalClient proves the documentation's minimal client works: it
// is under 60 lines and passes every rule of the catalogue, in both styles,
// run by node through the process driver.
func TestDocMinimalClient(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a Node client through every scenario")
	}
	code, n := docClient(t)
	if n >= 60 {
		t.Errorf("the minimal client has %d lines; the docs promise under 60", n)
	}
	script := filepath.Join(t.TempDir(), "minimal-client.mjs")
	if err := os.WriteFile(script, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := nodeScript(t, "client.js") // checks that node is there
	name := "exec:node minimal-client.mjs"
	failed, notJudged := verdicts(t, map[string]runner.Driver{name: process.Driver{Command: []string{cmd[0], script}}})
	leftovers(t, script)
	if len(failed[name]) > 0 {
		t.Errorf("the minimal client fails {%s}; want no rule failed\n  %s", rules(failed[name]), detail(failed[name]))
	}
	for id, why := range notJudged[name] {
		if !browserOnly[id] {
			t.Errorf("[%s] not judged: %s", id, strings.Join(why, "; "))
		}
	}
}
