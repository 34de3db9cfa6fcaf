package reports_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/reports"
)

// A suite run writes its results; authconform report reads them back and
// renders the page.
func Example() {
	res := reports.Results{
		Started: time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC),
		Flags:   reports.Flags{Targets: []string{"go:M1"}, Styles: []string{"cookie"}},
	}
	res.Add(reports.Record{Scenario: "expired-refresh", Target: "go:M1", Style: "cookie", Judges: []string{"RJ-1"},
		Verdicts: []conformance.Verdict{{Rule: "RJ-1", Level: conformance.Must, Status: conformance.Fail,
			Expected: "every call settles with an error before the deadline", Actual: "4 calls still pending at the deadline"}}})

	var file bytes.Buffer
	if err := reports.WriteJSON(&file, res); err != nil {
		panic(err)
	}
	read, err := reports.ReadJSON(&file)
	if err != nil {
		panic(err)
	}
	page, err := reports.HTML(read)
	if err != nil {
		panic(err)
	}
	fmt.Println(read.Records[0].Name(), "failures:", read.Failures(), "matrix:", bytes.Contains(page, []byte(`class="matrix"`)))
	fmt.Println(reports.FailureLine(read.Records[0], read.Records[0].Verdicts[0]))
	// Output:
	// expired-refresh · go:M1 · cookie failures: 1 matrix: true
	// [RJ-1] MUST failed on expired-refresh · go:M1 · cookie: expected every call settles with an error before the deadline; actual 4 calls still pending at the deadline
}
