package reports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/authconform/authconform/conformance"
)

// matrix is the summary: a row per target, a column per rule judged.
type matrix struct {
	Rules []matrixRule
	Rows  []matrixRow
}

type matrixRule struct {
	ID, Title string
	Should    bool
}

type matrixRow struct {
	Target string
	Cells  []cell
}

// cell sums up one target's verdicts of one rule over scenarios and styles.
type cell struct {
	Class string // fail, warn (SHOULD not met), pass, nj (not judged), none
	Mark  string // ✗ ! ✓ ? or empty
	Count string // "2/6": the worst status's share of the judgements
	Title string // each judgement, one per line
	Href  string // the record of the first judgement of the worst status
}

// The cell classes, worst first, with their marks.
var cellClasses = []struct{ class, mark string }{
	{"fail", "✗"}, {"warn", "!"}, {"nj", "?"}, {"pass", "✓"},
}

// ruleIDs returns the rules judged in the results: catalogue order, then
// unknown IDs in the order met.
func ruleIDs(res Results) []string {
	seen := map[string]bool{}
	var extra []string
	for _, r := range res.Records {
		for _, id := range r.Judges {
			seen[id] = true
		}
		for _, v := range r.Verdicts {
			seen[v.Rule] = true
		}
	}
	var out []string
	for _, r := range conformance.Rules() {
		if seen[r.ID] {
			out = append(out, r.ID)
			delete(seen, r.ID)
		}
	}
	for _, r := range res.Records {
		for _, id := range append(slices.Clone(r.Judges), verdictRules(r)...) {
			if seen[id] {
				extra = append(extra, id)
				delete(seen, id)
			}
		}
	}
	return append(out, extra...)
}

func verdictRules(r Record) []string {
	out := make([]string, len(r.Verdicts))
	for i, v := range r.Verdicts {
		out[i] = v.Rule
	}
	return out
}

// targets returns the targets of the flags, then any other the records name.
func targets(res Results) []string {
	out := slices.Clone(res.Flags.Targets)
	for _, r := range res.Records {
		if !slices.Contains(out, r.Target) {
			out = append(out, r.Target)
		}
	}
	return slices.DeleteFunc(out, func(t string) bool {
		return !slices.ContainsFunc(res.Records, func(r Record) bool { return r.Target == t })
	})
}

// verdictClass is the cell class of one verdict.
func verdictClass(v conformance.Verdict, strict bool) string {
	switch {
	case v.Failed(strict):
		return "fail"
	case v.Status == conformance.Fail:
		return "warn"
	case v.Status == conformance.NotJudged:
		return "nj"
	}
	return "pass"
}

func buildMatrix(res Results, anchors map[int]string) matrix {
	var m matrix
	ids := ruleIDs(res)
	for _, id := range ids {
		r, ok := conformance.Lookup(id)
		title := "not in the catalogue"
		if ok {
			title = r.Title + ": " + r.Requirement
		}
		m.Rules = append(m.Rules, matrixRule{ID: id, Title: title, Should: ok && r.Level == conformance.Should})
	}
	for _, t := range targets(res) {
		row := matrixRow{Target: t}
		for _, id := range ids {
			row.Cells = append(row.Cells, buildCell(res, t, id, anchors))
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func buildCell(res Results, target, rule string, anchors map[int]string) cell {
	counts := map[string]int{}
	first := map[string]string{}
	var lines []string
	total := 0
	note := func(class, href, line string) {
		counts[class]++
		total++
		if _, ok := first[class]; !ok {
			first[class] = href
		}
		lines = append(lines, line)
	}
	for i, r := range res.Records {
		if r.Target != target {
			continue
		}
		where := r.Scenario + " · " + r.Style
		if v, ok := r.Verdict(rule); ok {
			detail := v.Actual
			if v.Status == conformance.NotJudged {
				detail = v.Reason
			}
			note(verdictClass(v, res.Flags.Strict), "#"+anchors[i], fmt.Sprintf("%s: %s — %s", where, v.Status, clipText(detail, 120)))
		} else if r.Error != "" && slices.Contains(r.Judges, rule) {
			note("fail", "#"+anchors[i], fmt.Sprintf("%s: could not run — %s", where, clipText(firstLine(r.Error), 120)))
		}
	}
	if total == 0 {
		return cell{Class: "none", Title: "not run"}
	}
	for _, cc := range cellClasses {
		if n := counts[cc.class]; n > 0 {
			return cell{Class: cc.class, Mark: cc.mark, Count: fmt.Sprintf("%d/%d", n, total),
				Title: strings.Join(lines, "\n"), Href: first[cc.class]}
		}
	}
	return cell{}
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
