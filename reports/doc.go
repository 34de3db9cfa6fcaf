// Package reports turns the results of a conformance run into files people
// read: the JSON results document (Results, written by the suite at the end
// of every run), a self-contained HTML report with a summary matrix and a
// timeline per scenario × target × style, and a rewrite of Ginkgo's JUnit
// file that makes a failing spec readable in CI.
//
// Every function here is pure: values in, bytes out. Nothing reads a clock,
// the network or the file system, so the outputs are compared byte for byte
// with golden files under testdata/ (go test ./reports -update rewrites
// them).
//
//	res, err := reports.ReadJSON(f)           // reports/results.json
//	page, err := reports.HTML(res)            // reports/report.html
//	junit, err := reports.JUnit(xmlBytes, res) // reports/junit.xml, readable
//
// The JSON format is documented in reports/README.md; Version changes when
// a field changes meaning or goes away, never when one is added.
package reports
