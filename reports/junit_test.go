package reports_test

import (
	"bytes"
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/authconform/authconform/reports"
)

// junitFixture is a JUnit file and results document from one real run:
// go:M1 through expired-refresh and foreign-origin, cookie style.
func junitFixture(t *testing.T) ([]byte, reports.Results) {
	t.Helper()
	in, err := os.ReadFile("testdata/junit.in.xml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/junit.results.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := reports.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return in, res
}

func TestJUnitGolden(t *testing.T) {
	in, res := junitFixture(t)
	out, err := reports.JUnit(in, res)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "junit.golden.xml", out)

	again, err := reports.JUnit(out, res)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, out) {
		t.Error("rewriting a rewritten file changed it; want no change")
	}
}

// junitCase is what a CI system reads from a testcase.
type junitCase struct {
	Name    string `xml:"name,attr"`
	Failure *struct {
		Message string `xml:"message,attr"`
		Body    string `xml:",chardata"`
	} `xml:"failure"`
	SystemOut  string `xml:"system-out"`
	Properties []struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	} `xml:"properties>property"`
}

func cases(t *testing.T, b []byte) map[string]junitCase {
	t.Helper()
	var doc struct {
		Cases []junitCase `xml:"testsuite>testcase"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]junitCase{}
	for _, c := range doc.Cases {
		out[c.Name] = c
	}
	return out
}

func TestJUnitReadable(t *testing.T) {
	in, res := junitFixture(t)
	out, err := reports.JUnit(in, res)
	if err != nil {
		t.Fatal(err)
	}
	before, after := cases(t, in), cases(t, out)
	if len(after) != len(before) {
		t.Fatalf("testcases: got %d; want %d", len(after), len(before))
	}
	const rj1 = "[It] conformance [RJ-1] expired-refresh · go:M1 · cookie [RJ-1, expired-refresh, go, go:M1, cookie]"
	c, ok := after[rj1]
	if !ok || c.Failure == nil {
		t.Fatalf("no failed testcase %q", rj1)
	}
	first, _, _ := strings.Cut(c.Failure.Message, "\n")
	want := "[RJ-1] MUST failed on expired-refresh · go:M1 · cookie: expected every call settles with an error before the deadline; actual 4 calls still pending at the deadline: deadlock or hang"
	if !strings.HasPrefix(first, want) {
		t.Errorf("first line of the failure message:\ngot  %s\nwant %s…", first, want)
	}
	if strings.Contains(c.Failure.Message, "timeline:") {
		t.Error("the failure message still carries the timeline; want it in system-out")
	}
	if c.Failure.Body != before[rj1].Failure.Body {
		t.Error("the failure body changed; want Ginkgo's as it was")
	}
	if !strings.HasPrefix(c.SystemOut, "timeline of expired-refresh · go:M1 · cookie") || !strings.Contains(c.SystemOut, "PENDING at deadline") {
		t.Errorf("system-out: got %q; want the text timeline", c.SystemOut)
	}
	props := map[string]string{}
	for _, p := range c.Properties {
		props[p.Name] = p.Value
	}
	for name, want := range map[string]string{"rule": "RJ-1", "level": "MUST", "verdict": "fail", "target": "go:M1",
		"pending": "5", "expected": "every call settles with an error before the deadline"} {
		if props[name] != want {
			t.Errorf("property %s: got %q; want %q", name, props[name], want)
		}
	}
	for name, c := range after {
		for _, p := range c.Properties {
			if strings.HasPrefix(p.Value, `"`) {
				t.Errorf("%s: property %s is still quoted: %s", name, p.Name, p.Value)
			}
		}
	}
}

func TestJUnitRefusesGarbage(t *testing.T) {
	if _, err := reports.JUnit([]byte("not xml"), reports.Results{}); err == nil {
		t.Error("got no error for a file that is not XML")
	}
}
