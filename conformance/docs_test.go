package conformance

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocsMatchRules: docs/rules.md lists every rule of the catalogue, in
// its table and with a section, with the same ID, level, title and
// requirement, and no rule that is not in the catalogue.
func TestDocsMatchRules(t *testing.T) {
	b, err := os.ReadFile("../docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	row := regexp.MustCompile(`(?m)^\| ([A-Z]+-[0-9]+) \| (MUST|SHOULD|[A-Z]+) \| (.*) \|$`)
	head := regexp.MustCompile(`(?m)^### ([A-Z]+-[0-9]+): (.*) \(([A-Z]+)\)$`)
	type entry struct{ level, text string }
	table, sections := make(map[string]entry), make(map[string]entry)
	for _, m := range row.FindAllStringSubmatch(doc, -1) {
		table[m[1]] = entry{m[2], m[3]}
	}
	for _, m := range head.FindAllStringSubmatch(doc, -1) {
		sections[m[1]] = entry{m[3], m[2]}
	}
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			if got, ok := table[r.ID]; !ok {
				t.Errorf("table: got no row; want | %s | %s | %s |", r.ID, r.Level, r.Requirement)
			} else if got != (entry{string(r.Level), r.Requirement}) {
				t.Errorf("table: got %s %q; want %s %q", got.level, got.text, r.Level, r.Requirement)
			}
			if got, ok := sections[r.ID]; !ok {
				t.Errorf("sections: got none; want ### %s: %s (%s)", r.ID, r.Title, r.Level)
			} else if got != (entry{string(r.Level), r.Title}) {
				t.Errorf("section: got %q (%s); want %q (%s)", got.text, got.level, r.Title, r.Level)
			}
		})
	}
	for _, m := range []map[string]entry{table, sections} {
		for id := range m {
			if _, ok := Lookup(id); !ok {
				t.Errorf("got rule %s in the docs; want only rules of the catalogue", id)
			}
		}
	}
	if !strings.Contains(doc, "## Catalogue") {
		t.Errorf("got no catalogue section; want one")
	}
}
