package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/authconform/authconform/conformance"
)

// JUnitMarker is the testsuite property JUnit adds; a file that has it is
// returned unchanged, so rewriting twice changes nothing.
const JUnitMarker = "authconform.junit"

// JUnit rewrites a JUnit file that Ginkgo wrote for the suite, for the way
// CI systems show it (most show a failure's message, often only its first
// line; many show properties and <system-out>):
//
//   - property values lose Ginkgo's JSON encoding: "LO-1" (with quotes)
//     becomes LO-1; numbers stay numbers;
//   - a failed spec's message starts with one line that says it all: rule,
//     level, scenario · target · style, expected and actual; the verdict
//     follows, without the timeline;
//   - the failed spec's text timeline goes to <system-out>;
//   - a spec that did not pass gains "expected", "actual" and "reason"
//     properties.
//
// Specs are tied to the results by their rule, scenario, target and style
// properties; one the results do not know only has its properties
// unquoted. Everything else in the file is kept as it was.
func JUnit(junit []byte, res Results) ([]byte, error) {
	var doc junitSuites
	if err := xml.Unmarshal(junit, &doc); err != nil {
		return nil, fmt.Errorf("reports: reading JUnit: %w", err)
	}
	for i := range doc.Suites {
		s := &doc.Suites[i]
		if s.Properties.get(JUnitMarker) != "" {
			return junit, nil
		}
		if s.Properties == nil {
			s.Properties = &junitProps{}
		}
		s.Properties.Items = append(s.Properties.Items, junitProp{Name: JUnitMarker, Value: fmt.Sprintf("rewritten by authconform report (results version %d)", Version)})
		for j := range s.Cases {
			rewriteCase(&s.Cases[j], res)
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "    ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("reports: writing JUnit: %w", err)
	}
	return b.Bytes(), nil
}

func rewriteCase(c *junitCase, res Results) {
	if c.Properties == nil {
		return
	}
	for i, p := range c.Properties.Items {
		var s string
		if strings.HasPrefix(p.Value, `"`) && json.Unmarshal([]byte(p.Value), &s) == nil {
			c.Properties.Items[i].Value = s
		}
	}
	rec, v, ok := find(res, c.Properties)
	if !ok || v.Status == conformance.Pass {
		return
	}
	for _, kv := range [][2]string{{"expected", v.Expected}, {"actual", v.Actual}, {"reason", v.Reason}} {
		if kv[1] != "" && c.Properties.get(kv[0]) == "" {
			c.Properties.Items = append(c.Properties.Items, junitProp{Name: kv[0], Value: kv[1]})
		}
	}
	if c.Failure == nil || v.Status != conformance.Fail {
		return
	}
	c.Failure.Message = FailureLine(rec, v) + "\n" + v.Message()
	if rec.Evidence != nil {
		if c.SystemOut != "" && !strings.HasSuffix(c.SystemOut, "\n") {
			c.SystemOut += "\n"
		}
		c.SystemOut += fmt.Sprintf("timeline of %s (times on the fake server clock):\n%s\n", rec.Name(), conformance.Timeline(rec.Evidence))
	}
}

// FailureLine says a failed verdict in one line: "[RJ-1] MUST failed on
// expired-refresh · go:M1 · cookie: expected every call settles …; actual
// 4 calls still pending at the deadline …".
func FailureLine(rec Record, v conformance.Verdict) string {
	line := fmt.Sprintf("[%s] %s failed on %s", v.Rule, v.Level, rec.Name())
	if v.Expected != "" {
		line += ": expected " + v.Expected
	}
	if v.Actual != "" {
		line += "; actual " + v.Actual
	}
	return line
}

// find returns the record and verdict a testcase's properties name.
func find(res Results, p *junitProps) (Record, conformance.Verdict, bool) {
	rule, sc, target, style := p.get("rule"), p.get("scenario"), p.get("target"), p.get("style")
	if rule == "" || sc == "" {
		return Record{}, conformance.Verdict{}, false
	}
	for _, r := range res.Records {
		if r.Scenario == sc && r.Target == target && r.Style == style {
			v, ok := r.Verdict(rule)
			return r, v, ok
		}
	}
	return Record{}, conformance.Verdict{}, false
}

// The JUnit schema as Ginkgo writes it; what this package does not touch
// is kept through the catch-all fields.
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Attrs   []xml.Attr   `xml:",any,attr"`
	Suites  []junitSuite `xml:"testsuite"`
	Extra   []anyElem    `xml:",any"`
}

type junitSuite struct {
	Attrs      []xml.Attr  `xml:",any,attr"`
	Properties *junitProps `xml:"properties"`
	Cases      []junitCase `xml:"testcase"`
	Extra      []anyElem   `xml:",any"`
}

type junitCase struct {
	Attrs      []xml.Attr    `xml:",any,attr"`
	Skipped    *anyElem      `xml:"skipped"`
	Error      *anyElem      `xml:"error"`
	Failure    *junitFailure `xml:"failure"`
	SystemOut  string        `xml:"system-out,omitempty"`
	SystemErr  string        `xml:"system-err,omitempty"`
	Properties *junitProps   `xml:"properties"`
	Extra      []anyElem     `xml:",any"`
}

type junitFailure struct {
	Message string     `xml:"message,attr"`
	Type    string     `xml:"type,attr"`
	Attrs   []xml.Attr `xml:",any,attr"`
	Body    string     `xml:",chardata"`
}

type junitProps struct {
	Items []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

func (p *junitProps) get(name string) string {
	if p == nil {
		return ""
	}
	for _, it := range p.Items {
		if it.Name == name {
			return it.Value
		}
	}
	return ""
}

type anyElem struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Inner   string     `xml:",innerxml"`
}
