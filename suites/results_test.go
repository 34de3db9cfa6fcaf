package suites_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/reports"
)

// flagResults says where the run's results document goes.
var flagResults = flag.String("results", env("AUTHCONFORM_RESULTS", "reports/results.json"),
	`write the run's evidence and verdicts as JSON here (relative to the repository root; "" writes none); authconform report turns it into HTML`)

// entryName names the report entry that carries a spec's part of a record.
const entryName = "results"

// The results travel inside the spec reports, so that with ginkgo -p every
// process's specs reach process 1, where ReportAfterSuite puts the records
// back together. Each spec carries its verdict; the first spec of a run in
// each process also carries the evidence.
var (
	sentMu   sync.Mutex
	sentEvid = map[*run]bool{}
)

// record adds the spec's part of its run's record to the spec report.
func record(r *run, v conformance.Verdict) {
	if *flagResults == "" {
		return
	}
	rec := reports.Record{
		Scenario: r.sc.ID, Title: r.sc.Title, Target: r.target.Name, Style: string(r.style),
		Judges: r.sc.Judges, Verdicts: []conformance.Verdict{v},
	}
	sentMu.Lock()
	if !sentEvid[r] {
		sentEvid[r] = true
		rec.Evidence = r.ev
	}
	sentMu.Unlock()
	AddReportEntry(entryName, resultEntry{path: *flagResults, rec: rec}, ReportEntryVisibilityNever)
}

// resultEntry is a report entry's value. Ginkgo sends String() from one
// process to another and shows the JSON encoding as a JUnit property: the
// record travels, and the JUnit file only names the results file.
type resultEntry struct {
	path string
	rec  reports.Record
}

func (e resultEntry) MarshalJSON() ([]byte, error) { return json.Marshal(e.path) }

func (e resultEntry) String() string {
	b, err := json.Marshal(e.rec)
	if err != nil {
		return fmt.Sprintf("{%q:%q}", "error", err.Error())
	}
	return string(b)
}

// A results file left from an earlier run must not pass for this one.
var _ = ReportBeforeSuite(func(Report) {
	if path, ok := resultsPath(); ok {
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			Fail(fmt.Sprintf("--results: %v", err))
		}
	}
})

var _ = ReportAfterSuite("write the results document (--results)", func(rep Report) {
	path, ok := resultsPath()
	if !ok {
		return
	}
	res, err := collect(rep)
	if err != nil {
		Fail(fmt.Sprintf("--results: %v", err))
	}
	var b bytes.Buffer
	if err := reports.WriteJSON(&b, res); err != nil {
		Fail(err.Error())
	}
	if err := reports.WriteFile(path, b.Bytes()); err != nil {
		Fail(fmt.Sprintf("--results: %v", err))
	}
})

// collect rebuilds the results from the spec reports: the records in the
// order the suite made its runs, and a record with the error for a run
// whose specs failed before judging (the target could not run).
func collect(rep Report) (reports.Results, error) {
	res := reports.Results{Started: rep.StartTime, Ended: rep.EndTime, Flags: runFlags(rep)}
	var parts reports.Results
	for _, s := range rep.SpecReports {
		found := false
		for _, e := range s.ReportEntries {
			if e.Name != entryName {
				continue
			}
			var rec reports.Record
			if err := json.Unmarshal([]byte(e.StringRepresentation()), &rec); err != nil {
				return res, fmt.Errorf("the results of %q: %w", s.LeafNodeText, err)
			}
			parts.Add(rec)
			found = true
		}
		if found || !s.Failed() {
			continue
		}
		if r := runOf(s.LeafNodeText); r != nil {
			parts.Add(reports.Record{Scenario: r.sc.ID, Title: r.sc.Title, Target: r.target.Name,
				Style: string(r.style), Judges: r.sc.Judges, Error: s.Failure.Message})
		} else {
			res.SuiteErrors = append(res.SuiteErrors, fmt.Sprintf("[%s] %s: %s", s.LeafNodeType, s.LeafNodeText, s.Failure.Message))
		}
	}
	res.SuiteErrors = append(res.SuiteErrors, rep.SpecialSuiteFailureReasons...)
	for _, r := range runs {
		for _, rec := range parts.Records {
			if rec.Scenario == r.sc.ID && rec.Target == r.target.Name && rec.Style == string(r.style) {
				res.Records = append(res.Records, rec)
			}
		}
	}
	return res, nil
}

// runOf finds the run of a spec named "[RULE] scenario · target · style".
func runOf(text string) *run {
	_, name, ok := strings.Cut(text, "] ")
	if !ok {
		return nil
	}
	for _, r := range runs {
		if r.name() == name {
			return r
		}
	}
	return nil
}

func runFlags(rep Report) reports.Flags {
	f := reports.Flags{Strict: *flagStrict, Scale: *flagScale, Deadline: *flagDeadline, Quiet: *flagQuiet,
		LabelFilter: rep.SuiteConfig.LabelFilter}
	for _, list := range []struct {
		to   *[]string
		from string
	}{{&f.Targets, *flagTarget}, {&f.Styles, *flagStyle}, {&f.Scenarios, *flagScenario}} {
		for _, s := range strings.Split(list.from, ",") {
			if s = strings.TrimSpace(s); s != "" {
				*list.to = append(*list.to, s)
			}
		}
	}
	return f
}

// resultsPath resolves --results against the repository root (the folder
// above the suite that holds go.mod); false when results are off.
func resultsPath() (string, bool) {
	p := *flagResults
	if p == "" {
		return "", false
	}
	if filepath.IsAbs(p) {
		return p, true
	}
	wd, err := os.Getwd()
	if err != nil {
		return p, true
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, p), true
		}
		if filepath.Dir(dir) == dir {
			return filepath.Join(wd, p), true
		}
	}
}
