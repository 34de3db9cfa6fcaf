package conformance

import (
	"fmt"
	"strings"
)

// Level says what a rule's failure costs: a MUST failure fails the run, a
// SHOULD failure only in strict mode.
type Level string

// The levels of a rule.
const (
	Must   Level = "MUST"
	Should Level = "SHOULD"
)

// Status is the outcome of judging one rule.
type Status string

// The statuses of a verdict.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	// NotJudged: the evidence cannot decide the rule; Verdict.Reason says why.
	NotJudged Status = "not-judged"
)

// Rule is one conformance rule of the catalogue.
type Rule struct {
	// ID is stable: a rule's meaning never changes under its ID.
	ID    string
	Level Level
	// Title is a few words ("one refresh per expiry").
	Title string
	// Requirement is the rule's sentence, as the product brief states it.
	Requirement string
	// Rationale says why it matters and which real bug it catches.
	Rationale string
	// Judge decides the rule from evidence alone. The verdict it returns
	// carries the rule's ID and level.
	Judge func(*Evidence) Verdict
}

// Verdict is the judgement of one rule on one piece of evidence.
type Verdict struct {
	Rule   string `json:"rule"`
	Level  Level  `json:"level"`
	Status Status `json:"status"`
	// Expected and Actual say what the rule wanted and what happened
	// ("exactly 1 refresh call", "4 refresh calls").
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
	// Reason says, for not-judged, why the evidence cannot decide; for
	// pass or fail, which evidence decided it.
	Reason string `json:"reason,omitempty"`
	// Lines are the journal lines and calls that show it, formatted like
	// the Timeline.
	Lines []string `json:"lines,omitempty"`
}

// Failed reports whether the verdict fails the run: a failed MUST rule, or
// in strict mode any failed rule.
func (v Verdict) Failed(strict bool) bool {
	return v.Status == Fail && (v.Level == Must || strict)
}

// Message describes the verdict over several lines: the rule, its
// requirement, the status, expected and actual, the reason, and the lines
// that show it.
func (v Verdict) Message() string {
	title, requirement := "unknown rule", ""
	if r, ok := Lookup(v.Rule); ok {
		title, requirement = r.Title, r.Requirement
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s (%s)\n", v.Rule, title, v.Level)
	if requirement != "" {
		b.WriteString(requirement + "\n")
	}
	fmt.Fprintf(&b, "verdict: %s\n", v.Status)
	for _, f := range []struct{ label, text string }{
		{"expected", v.Expected}, {"actual", v.Actual}, {"reason", v.Reason},
	} {
		if f.text != "" {
			fmt.Fprintf(&b, "%s: %s\n", f.label, f.text)
		}
	}
	for _, l := range v.Lines {
		b.WriteString("  " + l + "\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// Rules returns the catalogue, in the order of the product brief. The slice
// is a copy: changing it changes nothing here.
func Rules() []Rule {
	return append([]Rule(nil), catalogue...)
}

// Lookup returns the rule with the given ID.
func Lookup(id string) (Rule, bool) {
	for _, r := range catalogue {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Judge judges the rules named by ids, in that order, on one piece of
// evidence. An ID not in the catalogue yields a failed MUST verdict that
// says so: a misspelt rule never passes silently. No ids, no verdicts.
func Judge(ev *Evidence, ids []string) []Verdict {
	out := make([]Verdict, 0, len(ids))
	for _, id := range ids {
		r, ok := Lookup(id)
		if !ok {
			out = append(out, unknownRule(id))
			continue
		}
		out = append(out, r.Judge(ev))
	}
	return out
}

func unknownRule(id string) Verdict {
	known := make([]string, len(catalogue))
	for i, r := range catalogue {
		known[i] = r.ID
	}
	return Verdict{
		Rule: id, Level: Must, Status: Fail,
		Expected: "a rule ID of the catalogue",
		Actual:   fmt.Sprintf("unknown rule %q", id),
		Reason:   "known rules: " + strings.Join(known, ", "),
	}
}

// stamp wraps a rule's judge so that its verdicts carry the rule's ID and
// level, and nil evidence is not judged.
func stamp(rules []Rule) []Rule {
	for i := range rules {
		r := &rules[i]
		id, level, judge := r.ID, r.Level, r.Judge
		r.Judge = func(ev *Evidence) Verdict {
			var v Verdict
			if ev == nil {
				v = notJudged("there is no evidence")
			} else {
				v = observed(ev, id, judge(ev))
			}
			v.Rule, v.Level = id, level
			return v
		}
	}
	return rules
}

// callRules are the rules whose verdicts read how the client settled its
// calls (the app's view of a request), not only the journal.
var callRules = map[string]bool{
	"SF-2": true, "SF-3": true, "RP-1": true, "RJ-1": true, "NL-2": true,
	"RS-1": true, "TO-1": true, "TR-1": true, "TR-2": true,
}

// observed qualifies a verdict of a rule that reads how calls settled when
// the calls were observed rather than reported (ev.Observed): the verdict
// names that evidence, and a pass that may rest on a call whose outcome the
// harness could not see is not judged, never a pass for lack of evidence.
func observed(ev *Evidence, id string, v Verdict) Verdict {
	if ev.Observed == "" || !callRules[id] || v.Status == NotJudged {
		return v
	}
	var unknown []Call
	for _, rd := range ev.Rounds {
		unknown = append(unknown, callsWhere(rd.Calls, func(c Call) bool { return c.Outcome == OutcomeUnknown })...)
	}
	if v.Status == Pass && len(unknown) > 0 {
		return Verdict{Status: NotJudged, Reason: fmt.Sprintf(
			"%s ended on the network with a 401 or an error and no replay, and nothing shows what the app did "+
				"with %s (%s): give the profile evidence.pending, evidence.busy or evidence.error",
			plural(len(unknown), "call"), pronoun(len(unknown)), callIDs(unknown))}
	}
	evidence := "decided from " + ev.Observed
	if v.Reason == "" {
		v.Reason = evidence
	} else {
		v.Reason += "; " + evidence
	}
	return v
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// counting wraps the judge of a rule that counts journal requests (or their
// absence): with entries dropped from the journal it cannot be sure.
func counting(judge func(*Evidence) Verdict) func(*Evidence) Verdict {
	return func(ev *Evidence) Verdict {
		if ev.JournalDropped > 0 {
			return notJudged(fmt.Sprintf("the journal dropped %d entries, so requests cannot be counted",
				ev.JournalDropped))
		}
		return judge(ev)
	}
}

// The reasons shared by several judges.
const (
	reasonNoCallIDs = "the requests carry no call ID"
	reasonNoState   = "the target reports no auth state"
	reasonNo401     = "no request was answered 401"
)

func notJudged(reason string) Verdict {
	return Verdict{Status: NotJudged, Reason: reason}
}

// decide returns a pass or fail verdict.
func decide(ok bool, expected, actual string) Verdict {
	s := Fail
	if ok {
		s = Pass
	}
	return Verdict{Status: s, Expected: expected, Actual: actual}
}
