package reports

import (
	"fmt"
	"slices"
	"time"

	"github.com/authconform/authconform/conformance"
)

// Version is the version of the Results document this package writes and
// reads. It changes when a field changes meaning or goes away; new fields
// may appear without a change, so readers ignore fields they do not know.
const Version = 1

// Results is the JSON document a suite run writes: when it ran, with which
// flags, and one record per scenario × target × style.
type Results struct {
	// Version is the document's format version (Version).
	Version int `json:"version"`
	// Started and Ended are the run's wall-clock start and end.
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	// Flags are the suite flags the run used.
	Flags Flags `json:"flags"`
	// Records are the runs, in the order the suite made them: by target,
	// then style, then scenario.
	Records []Record `json:"records"`
	// SuiteErrors are failures that belong to no record: a configuration
	// the suite refused, a failed BeforeSuite, an interrupted run.
	SuiteErrors []string `json:"suite_errors,omitempty"`
}

// Flags are the suite flags of a run.
type Flags struct {
	// Targets are the targets run (--target), Styles the credential
	// styles (--style).
	Targets []string `json:"targets"`
	Styles  []string `json:"styles"`
	// Strict: SHOULD rules fail the run too (--strict).
	Strict bool `json:"strict"`
	// Scenarios are the scenario IDs asked for (--scenario); empty: all.
	Scenarios []string `json:"scenarios,omitempty"`
	// Scale multiplies every scenario duration (--scale); 0 or 1: none.
	Scale float64 `json:"scale,omitempty"`
	// Deadline and Quiet override every scenario's timing when non-zero.
	Deadline time.Duration `json:"deadline,omitempty"`
	Quiet    time.Duration `json:"quiet,omitempty"`
	// LabelFilter is Ginkgo's --label-filter, when one was given.
	LabelFilter string `json:"label_filter,omitempty"`
}

// Record is one scenario × target × style: the evidence gathered once, and
// the verdicts of the scenario's rules that ran.
type Record struct {
	// Scenario is the scenario's ID, Title its one-line title.
	Scenario string `json:"scenario"`
	Title    string `json:"title,omitempty"`
	// Target and Style name the client and the credential style.
	Target string `json:"target"`
	Style  string `json:"style"`
	// Judges are the rule IDs the scenario judges, in its order; a rule
	// a label filter left out has no verdict.
	Judges []string `json:"judges,omitempty"`
	// Evidence is what the client did (nil when Error says why there is
	// none).
	Evidence *conformance.Evidence `json:"evidence,omitempty"`
	// Verdicts are the judgements of the rules that ran, in Judges order.
	Verdicts []conformance.Verdict `json:"verdicts"`
	// Error says why the run could not gather evidence (the target could
	// not start, a harness failure); its specs failed with this message.
	Error string `json:"error,omitempty"`
}

// Name is the record's name as the suite's specs spell it:
// "expired-refresh · go:M1 · cookie".
func (r Record) Name() string { return fmt.Sprintf("%s · %s · %s", r.Scenario, r.Target, r.Style) }

// Verdict returns the verdict of one rule.
func (r Record) Verdict(rule string) (conformance.Verdict, bool) {
	for _, v := range r.Verdicts {
		if v.Rule == rule {
			return v, true
		}
	}
	return conformance.Verdict{}, false
}

// Failed reports whether the record fails the run: a harness error, or a
// verdict that fails (a MUST, or any rule when strict).
func (r Record) Failed(strict bool) bool {
	if r.Error != "" {
		return true
	}
	return slices.ContainsFunc(r.Verdicts, func(v conformance.Verdict) bool { return v.Failed(strict) })
}

// Add merges rec into the results: a record of the same scenario, target
// and style gains rec's verdicts (one per rule, the latest wins), its
// evidence if it had none, and its error. Parallel Ginkgo processes each
// see a part of a run's specs; Add puts the parts back together.
func (res *Results) Add(rec Record) {
	i := slices.IndexFunc(res.Records, func(r Record) bool {
		return r.Scenario == rec.Scenario && r.Target == rec.Target && r.Style == rec.Style
	})
	if i < 0 {
		rec.Verdicts = append([]conformance.Verdict(nil), rec.Verdicts...)
		res.Records = append(res.Records, rec)
		res.Records[len(res.Records)-1].sortVerdicts()
		return
	}
	r := &res.Records[i]
	if r.Title == "" {
		r.Title = rec.Title
	}
	if len(r.Judges) == 0 {
		r.Judges = rec.Judges
	}
	if r.Evidence == nil {
		r.Evidence = rec.Evidence
	}
	if r.Error == "" {
		r.Error = rec.Error
	}
	for _, v := range rec.Verdicts {
		if j := slices.IndexFunc(r.Verdicts, func(w conformance.Verdict) bool { return w.Rule == v.Rule }); j >= 0 {
			r.Verdicts[j] = v
		} else {
			r.Verdicts = append(r.Verdicts, v)
		}
	}
	r.sortVerdicts()
}

// sortVerdicts orders the verdicts as the scenario's judges, unknown rules
// last in the order they came.
func (r *Record) sortVerdicts() {
	rank := func(id string) int {
		if i := slices.Index(r.Judges, id); i >= 0 {
			return i
		}
		return len(r.Judges)
	}
	slices.SortStableFunc(r.Verdicts, func(a, b conformance.Verdict) int { return rank(a.Rule) - rank(b.Rule) })
}

// Failures counts the verdicts that fail the run (MUST failures, or all
// failures when strict), the records whose evidence could not be gathered,
// and the suite errors.
func (res Results) Failures() int {
	n := len(res.SuiteErrors)
	for _, r := range res.Records {
		if r.Error != "" {
			n++
		}
		for _, v := range r.Verdicts {
			if v.Failed(res.Flags.Strict) {
				n++
			}
		}
	}
	return n
}
