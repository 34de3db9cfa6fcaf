package runner_test

import (
	"testing"

	"github.com/authconform/authconform/clients/web"
	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner/target"
)

// wantFailedWeb is the exact set of rules each web app variant fails, over
// every scenario of the catalogue in the bearer style (the style in which
// every browser pattern shows: SEC-1 and SEC-2 have nothing to find in
// cookie style). The reference runs in both styles and fails none.
var wantFailedWeb = map[string][]string{
	"web":         nil,
	"web:M1":      {"LO-1", "LO-2", "NL-2", "RJ-1", "RR-1", "RS-1", "SF-1", "SF-2", "SF-3", "TO-1", "TR-2"},
	"web:M2":      {"RS-1", "SF-1", "SF-2"},
	"web:M3":      {"RJ-1", "RS-1", "SF-2", "TO-1", "TR-1"},
	"web:M4":      {"LO-3", "NL-1"},
	"web:M5":      {"RP-1", "RS-1", "SF-2", "TR-2"},
	"web:M6":      {"SF-1", "SF-3"},
	"web:M7":      {"LO-2", "RP-1", "RS-1", "RT-1", "SF-1", "SF-2", "SF-3", "TR-1"},
	"web:M8":      {"SF-1"},
	"web:M9":      {"LO-1", "RJ-1", "RR-1", "RS-1", "SF-2"},
	"web:M10":     {"LO-2", "NL-2", "RR-1"},
	"web:M13":     {"TR-2"},
	"web:M14":     {"RJ-2"},
	"web:M15":     {"RJ-1", "TO-1"},
	"web:LOG":     {"LO-1", "LO-2", "NL-2", "RR-1", "RS-1"},
	"web:RETRY":   {"RJ-1", "TO-1", "TR-1"},
	"web:SILENT":  {"LO-2"},
	"web:STORAGE": {"SEC-1"},
	"web:LEAK":    {"SEC-2"},
}

// racyWeb are the rules a web variant fails in some runs and not in
// others because its own pattern races.
var racyWeb = map[string][]string{
	// Without single flight every 401 starts its own refresh; when the
	// browser sends one of them after another's 401 came back, that is a
	// refresh after a refused refresh (RR-1). Whether it does depends on
	// how Chromium schedules the concurrent calls.
	"web:M7": {"RR-1"},
}

// TestSelfTestWeb is TestSelfTest for the browser: the reference web app
// and every web variant, in a real Chromium.
func TestSelfTestWeb(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every web variant through every scenario in Chromium")
	}
	t.Cleanup(func() {
		if err := target.CloseAll(); err != nil {
			t.Error(err)
		}
	})
	selfTest(t, []string{"web"}, fakeauth.Styles, map[string]bool{"web": true}, map[string][]string{"web": nil}, nil, allRules())
	var targets []string
	for _, v := range web.Variants()[1:] {
		targets = append(targets, "web:"+v.ID)
	}
	selfTest(t, targets, []fakeauth.Style{fakeauth.StyleBearer}, nil, wantFailedWeb, racyWeb, nil)
	for _, v := range web.Variants()[1:] {
		assertSubset(t, "web:"+v.ID, v.Breaks, wantFailedWeb["web:"+v.ID])
	}
}

// allRules exempts every rule from "some target must fail it": the
// reference alone fails none.
func allRules() map[string]bool {
	m := map[string]bool{}
	for _, r := range conformance.Rules() {
		m[r.ID] = true
	}
	return m
}
