package suites_test

import (
	. "github.com/onsi/ginkgo/v2"

	"github.com/authconform/authconform/runner/browser"
)

// The Chromium launches of this suite process go into the report (JSON and
// verbose output), so that the one browser per process can be checked from
// outside: make bench counts them.
var _ = AfterSuite(func() {
	AddReportEntry("browser launches", browser.Launches(), ReportEntryVisibilityNever)
})
