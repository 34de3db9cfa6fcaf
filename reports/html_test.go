package reports_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/reports"
)

func TestHTMLGolden(t *testing.T) {
	page, err := reports.HTML(sample())
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.html", page)
}

// TestHTMLSelfContained: no scripts, no external assets, nothing fetched.
func TestHTMLSelfContained(t *testing.T) {
	for name, res := range map[string]reports.Results{"sample": sample(), "large": large(10000)} {
		page, err := reports.HTML(res)
		if err != nil {
			t.Fatal(err)
		}
		html := string(page)
		for _, bad := range []string{"<script", "<link", "<img", "<iframe", "src=", "@import", "url(", "https:"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s: the page contains %q", name, bad)
			}
		}
		for _, u := range regexp.MustCompile(`http://[^"\s<]*`).FindAllString(html, -1) {
			if u != "http://www.w3.org/2000/svg" {
				t.Errorf("%s: the page names %s; want no URL but the SVG namespace", name, u)
			}
		}
	}
}

func TestHTMLShowsTheDeadlock(t *testing.T) {
	page, err := reports.HTML(sample())
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	sec := html[strings.Index(html, `id="rec-expired-refresh--go-M1--cookie"`):]
	sec = sec[:strings.Index(sec, "</section>")]
	for _, want := range []string{
		"<details open>",     // a failing record is open
		`<rect class="pend"`, // bars that never end
		"PENDING at the deadline",
		"no logout call", // the empty logout lane
		"5 pending at the deadline",
		"4 calls still pending at the deadline: deadlock or hang",
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("the go:M1 record lacks %q", want)
		}
	}
	if n := strings.Count(sec, `<rect class="pend"`); n != 5 {
		t.Errorf("pending bars: got %d; want 5", n)
	}
}

func TestHTMLEscapes(t *testing.T) {
	res := sample()
	res.Records[0].Title = `<script>alert(1)</script>`
	res.Records[0].Evidence.Server[1].Path = `/api/"><script>x</script>`
	res.Records[0].Verdicts[0].Actual = `<b>bold</b>`
	page, err := reports.HTML(res)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(page), "<script") || strings.Contains(string(page), "<b>bold") {
		t.Error("the page carries markup from the results unescaped")
	}
}

// TestHTMLLarge: 10,000 calls are aggregated into histograms, not drawn
// as 10,000 rows, and the page stays small.
func TestHTMLLarge(t *testing.T) {
	start := time.Now()
	page, err := reports.HTML(large(10000))
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	html := string(page)
	const maxSize = 200 << 10
	if len(page) > maxSize {
		t.Errorf("page size: got %d bytes; want at most %d", len(page), maxSize)
	}
	if n := strings.Count(html, "<rect"); n > 500 {
		t.Errorf("rects: got %d; want the calls aggregated (at most 500)", n)
	}
	for _, want := range []string{"10000 calls, 19996 of their requests: drawn as histograms", "calls in flight", "by generation", "4 pending"} {
		if !strings.Contains(html, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	t.Logf("10,000 calls: %d bytes, %d rects, %d paths, rendered in %v", len(page), strings.Count(html, "<rect"), strings.Count(html, "<path"), took)
}

// TestHTMLRefreshStorm: a kind with more requests in flight together than
// lanes becomes a histogram, in a page that still draws each call.
func TestHTMLRefreshStorm(t *testing.T) {
	res := sample()
	ev := res.Records[0].Evidence
	for i := range 200 {
		ev.Server = append(ev.Server, conformance.Request{Seq: uint64(100 + i), Kind: "refresh", Method: "POST", Path: "/auth/refresh",
			Start: us(20000 + i*10), End: us(60000 + i*10), Status: 401, Cred: "spent", Outcome: "answered"})
	}
	page, err := reports.HTML(res)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "201 refresh requests by start time") {
		t.Errorf("the refresh storm is not drawn as a histogram")
	}
}

func TestHTMLNoRecords(t *testing.T) {
	page, err := reports.HTML(reports.Results{Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), ">PASS<") {
		t.Error("an empty run should render, as PASS")
	}
}

// TestHTMLSuiteErrors: a run that failed outside any record is no pass.
func TestHTMLSuiteErrors(t *testing.T) {
	res := reports.Results{Version: 1, SuiteErrors: []string{"[It] has a usable configuration: --target: <bad>"}}
	page, err := reports.HTML(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">FAIL<", "The suite failed outside any record", "--target: &lt;bad&gt;"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := res.Failures(); n != 1 {
		t.Errorf("Failures: got %d; want 1", n)
	}
}
