package reports

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/authconform/authconform/conformance"
)

var (
	//go:embed page.tmpl
	pageHTML string
	//go:embed page.css
	pageCSS string

	pageTmpl = template.Must(template.New("page").Parse(pageHTML))
)

// HTML renders the results as one self-contained HTML page: no scripts, no
// network, no external assets. It shows the run, a summary matrix (targets
// × rules) and, per record, a timeline drawn as inline SVG beside the
// verdicts. Records that fail are open; the others fold.
func HTML(res Results) ([]byte, error) {
	p := newPage(res)
	var b bytes.Buffer
	if err := pageTmpl.Execute(&b, p); err != nil {
		return nil, fmt.Errorf("reports: rendering HTML: %w", err)
	}
	return b.Bytes(), nil
}

// page is what the template shows.
type page struct {
	CSS                 template.CSS
	Started, Duration   string
	Flags               []fact
	Status, StatusClass string
	Summary             []fact
	SuiteErrors         []string
	Matrix              matrix
	Records             []recordView
}

type fact struct {
	Label, Value string
	Bad          bool
}

func newPage(res Results) page {
	p := page{CSS: template.CSS(pageCSS), Status: "PASS", StatusClass: "pass"}
	if !res.Started.IsZero() {
		p.Started = res.Started.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	if !res.Ended.IsZero() && !res.Started.IsZero() {
		p.Duration = res.Ended.Sub(res.Started).Round(time.Millisecond).String()
	}
	p.Flags = flagFacts(res.Flags)
	anchors := recordAnchors(res)
	p.Matrix = buildMatrix(res, anchors)
	counts := map[string]int{}
	for i, r := range res.Records {
		rv := newRecordView(r, anchors[i], res.Flags.Strict)
		p.Records = append(p.Records, rv)
		if r.Error != "" {
			counts["error"]++
		}
		for _, v := range r.Verdicts {
			counts[verdictClass(v, res.Flags.Strict)]++
		}
	}
	p.SuiteErrors = res.SuiteErrors
	if counts["fail"]+counts["error"]+len(res.SuiteErrors) > 0 {
		p.Status, p.StatusClass = "FAIL", "fail"
	}
	p.Summary = []fact{
		{"records", fmt.Sprint(len(res.Records)), false},
		{"failed", fmt.Sprint(counts["fail"]), counts["fail"] > 0},
		{"could not run", fmt.Sprint(counts["error"]), counts["error"] > 0},
		{"SHOULD not met", fmt.Sprint(counts["warn"]), false},
		{"not judged", fmt.Sprint(counts["nj"]), false},
		{"passed", fmt.Sprint(counts["pass"]), false},
	}
	return p
}

func flagFacts(f Flags) []fact {
	out := []fact{
		{"targets", strings.Join(f.Targets, ", "), false},
		{"styles", strings.Join(f.Styles, ", "), false},
		{"strict", fmt.Sprint(f.Strict), false},
	}
	if len(f.Scenarios) > 0 {
		out = append(out, fact{"scenarios", strings.Join(f.Scenarios, ", "), false})
	}
	if f.Scale != 0 && f.Scale != 1 {
		out = append(out, fact{"scale", fmt.Sprint(f.Scale), false})
	}
	if f.Deadline != 0 {
		out = append(out, fact{"deadline", f.Deadline.String(), false})
	}
	if f.Quiet != 0 {
		out = append(out, fact{"quiet", f.Quiet.String(), false})
	}
	if f.LabelFilter != "" {
		out = append(out, fact{"label filter", f.LabelFilter, false})
	}
	return out
}

// recordAnchors gives each record a readable, unique HTML id.
func recordAnchors(res Results) map[int]string {
	out := make(map[int]string, len(res.Records))
	used := map[string]bool{}
	for i, r := range res.Records {
		base := "rec-" + slug(r.Scenario+"--"+r.Target+"--"+r.Style)
		id := base
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		used[id] = true
		out[i] = id
	}
	return out
}

// slug keeps letters, digits, '-' and '_', and turns the rest into '-'.
func slug(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// recordView is one record as the template shows it.
type recordView struct {
	ID, Name, Title string
	Class           string // fail, warn, pass, error
	Open            bool
	Chips           []chip
	Facts           []fact
	Notes           []string
	Error           string
	SVG             template.HTML
	Verdicts        []verdictView
	Timeline        string
}

type chip struct{ Class, Rule, Title string }

type verdictView struct {
	Class, Status, Rule, Level, Title, Requirement string
	Expected, Actual, Reason                       string
	Lines                                          []string
}

func newRecordView(r Record, id string, strict bool) recordView {
	rv := recordView{ID: id, Name: r.Name(), Title: r.Title, Class: "pass", Error: r.Error}
	worst := len(cellClasses)
	for _, v := range r.Verdicts {
		c := verdictClass(v, strict)
		for i, cc := range cellClasses {
			if cc.class == c && i < worst {
				worst = i
			}
		}
		rv.Chips = append(rv.Chips, chip{c, v.Rule, string(v.Status)})
		rv.Verdicts = append(rv.Verdicts, newVerdictView(v, c))
	}
	if worst < len(cellClasses) {
		rv.Class = cellClasses[worst].class
	}
	if r.Error != "" {
		rv.Class = "fail"
	}
	rv.Open = rv.Class == "fail"
	if ev := r.Evidence; ev != nil {
		rv.Facts = evidenceFacts(ev)
		rv.Notes = evidenceNotes(ev)
		rv.SVG = template.HTML(timelineSVG(ev))
		rv.Timeline = conformance.Timeline(ev)
	}
	return rv
}

func newVerdictView(v conformance.Verdict, class string) verdictView {
	vv := verdictView{Class: class, Status: strings.ToUpper(strings.ReplaceAll(string(v.Status), "-", " ")),
		Rule: v.Rule, Level: string(v.Level), Expected: v.Expected, Actual: v.Actual, Reason: v.Reason, Lines: v.Lines}
	if class == "warn" {
		vv.Status = "SHOULD NOT MET"
	}
	if r, ok := conformance.Lookup(v.Rule); ok {
		vv.Title, vv.Requirement = r.Title, r.Requirement
	}
	return vv
}
