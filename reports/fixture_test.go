package reports_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/authconform/authconform/conformance"
	"github.com/authconform/authconform/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -update to create it)", err)
	}
	if string(got) != string(want) {
		dump := filepath.Join(t.TempDir(), name)
		os.WriteFile(dump, got, 0o644)
		t.Errorf("%s differs from the golden file (got written to %s; go test ./reports -update rewrites it)", path, dump)
	}
}

// us is a duration in microseconds: the fixture's clock.
func us(n int) time.Duration { return time.Duration(n) * time.Microsecond }

// started is the fixed wall-clock start of the fixture run.
var started = time.Date(2026, 11, 26, 18, 4, 52, 124000000, time.UTC)

// sample is a small run, taken from a real one against go and go:M1: a
// passing record, the M1 deadlock, a not-judged rule, and a target that
// could not run.
func sample() reports.Results {
	return reports.Results{
		Version: reports.Version,
		Started: started, Ended: started.Add(6717 * time.Millisecond),
		Flags: reports.Flags{Targets: []string{"go", "go:M1"}, Styles: []string{"cookie", "bearer"}, Scale: 1},
		Records: []reports.Record{
			expiredAccessGo(), foreignOriginGo(), expiredRefreshM1(),
			{Scenario: "refresh-hang", Title: "Refresh never answers", Target: "go:M1", Style: "bearer",
				Judges: []string{"TO-1", "RJ-1"}, Verdicts: []conformance.Verdict{},
				Error: "running refresh-hang · go:M1 · bearer\nUnexpected error:\n    runner: starting the client: <exec: \"nope\": not found>"},
		},
	}
}

func api(seq uint64, call string, start, end, status int, cred string, gen uint32) conformance.Request {
	return conformance.Request{Seq: seq, Start: us(start), End: us(end), Kind: "api", Method: "GET",
		Path: "/api/items?authconform_call=" + call, Call: call, Cred: cred, Session: 1, Generation: gen,
		Status: status, Outcome: "answered"}
}

func login(start, end int) conformance.Request {
	return conformance.Request{Seq: 1, Start: us(start), End: us(end), Kind: "login", Method: "POST", Path: "/auth/login",
		Cred: "none", Session: 1, Generation: 1, Status: 200, Outcome: "answered"}
}

func refresh(seq uint64, start, end, status int, cred string) conformance.Request {
	return conformance.Request{Seq: seq, Start: us(start), End: us(end), Kind: "refresh", Method: "POST",
		Path: "/auth/refresh", Cred: cred, Session: 1, Generation: 1, Status: status, Outcome: "answered", Action: "pass"}
}

func call(id string, phase conformance.Phase, start, end int, outcome conformance.Outcome, status int) conformance.Call {
	return conformance.Call{ID: id, Phase: phase, Method: "GET", Path: "/api/items?authconform_call=" + id,
		Start: us(start), End: us(end), Outcome: outcome, Status: status}
}

func expiredAccessGo() reports.Record {
	ok := conformance.OutcomeOK
	ev := &conformance.Evidence{Scenario: "expired-access", Target: "go", Style: "cookie", Rotation: "rotate",
		Deadline: 3 * time.Second, Quiet: 300 * time.Millisecond,
		Rounds: []conformance.Round{{N: 1, Start: us(177), LoggedIn: us(3626), Burst: us(3627), DeadlineAt: us(3003627),
			Settled: us(99404), QuietEnd: us(399404), End: us(402576),
			Calls: []conformance.Call{call("r1-b1", "burst", 3629, 99072, ok, 200), call("r1-b2", "burst", 3631, 99060, ok, 200),
				call("r1-b3", "burst", 3633, 99404, ok, 200)},
			State: &conformance.State{Credentials: []string{"access", "refresh"}}}},
		Server: []conformance.Request{login(1078, 1310),
			api(2, "r1-b2", 10177, 10187, 401, "expired", 1), api(3, "r1-b1", 12846, 12871, 401, "expired", 1),
			api(4, "r1-b3", 41124, 41176, 401, "expired", 1), refresh(5, 47646, 98092, 200, "valid"),
			api(6, "r1-b2", 98649, 98676, 200, "valid", 2), api(7, "r1-b1", 98715, 98739, 200, "valid", 2),
			api(8, "r1-b3", 99113, 99130, 200, "valid", 2)},
	}
	return reports.Record{Scenario: "expired-access", Title: "Access token expired, refresh succeeds", Target: "go", Style: "cookie",
		Judges: []string{"SF-1", "SF-2", "RP-1", "RT-1"}, Evidence: ev, Verdicts: []conformance.Verdict{
			{Rule: "SF-1", Level: conformance.Must, Status: conformance.Pass, Expected: "exactly 1 refresh call", Actual: "1 refresh call",
				Lines: []string{"+   47.6ms  refresh POST /auth/refresh                          valid    s1 g1  200 at +   98.1ms (pass)"}},
			{Rule: "SF-2", Level: conformance.Must, Status: conformance.Pass, Expected: "the calls that got a 401 wait for 1 refresh", Actual: "3 calls got a 401 and waited for 1 refresh"},
			{Rule: "RP-1", Level: conformance.Must, Status: conformance.Pass, Expected: "each call that got a 401 sent exactly once more, and succeeding", Actual: "3 waiting calls replayed once and succeeded"},
			{Rule: "RT-1", Level: conformance.Must, Status: conformance.Pass, Expected: "no spent refresh token presented", Actual: "0 refresh calls with a spent token"},
		}}
}

func foreignOriginGo() reports.Record {
	ok := conformance.OutcomeOK
	ev := &conformance.Evidence{Scenario: "foreign-origin", Target: "go", Style: "cookie", Rotation: "rotate",
		Deadline: 3 * time.Second, Quiet: 300 * time.Millisecond,
		Rounds: []conformance.Round{{N: 1, Start: us(48), LoggedIn: us(1020), Burst: us(1020), DeadlineAt: us(3001020),
			Settled: us(24761), QuietEnd: us(324761), End: us(324784),
			Calls: []conformance.Call{call("r1-b1", "burst", 1021, 20171, ok, 200), call("r1-f1", "burst", 1024, 24702, ok, 200)},
			State: &conformance.State{Credentials: []string{"access", "refresh"}}}},
		Server:  []conformance.Request{login(928, 966), api(2, "r1-b1", 10664, 10701, 200, "valid", 1)},
		Foreign: []conformance.ForeignRequest{{Start: us(19747), Path: "/elsewhere?authconform_call=r1-f1"}},
		Console: []string{"a <b>console</b> line, escaped"},
	}
	return reports.Record{Scenario: "foreign-origin", Title: "Credentials stay where they belong", Target: "go", Style: "cookie",
		Judges: []string{"SEC-2", "SEC-1"}, Evidence: ev, Verdicts: []conformance.Verdict{
			{Rule: "SEC-2", Level: conformance.Must, Status: conformance.Pass, Expected: "no credentials sent to another origin", Actual: "0 requests of 1 to another origin carried credentials"},
			{Rule: "SEC-1", Level: conformance.Should, Status: conformance.NotJudged, Reason: "the target cannot tell whether page scripts can read the refresh token"},
		}}
}

func expiredRefreshM1() reports.Record {
	p := conformance.OutcomePending
	ev := &conformance.Evidence{Scenario: "expired-refresh", Target: "go:M1", Style: "cookie", Rotation: "rotate",
		Deadline: 3 * time.Second, Quiet: 300 * time.Millisecond,
		Rounds: []conformance.Round{{N: 1, Start: us(37), LoggedIn: us(10281), Burst: us(10281), DeadlineAt: us(3010281),
			Settled: us(3010281), QuietEnd: us(3310281), End: us(6311292),
			Calls: []conformance.Call{call("r1-b1", "burst", 10282, 0, p, 0), call("r1-b2", "burst", 10284, 0, p, 0),
				call("r1-b3", "burst", 10289, 0, p, 0), call("r1-b4", "burst", 10290, 0, p, 0), call("r1-a1", "after", 3310713, 0, p, 0)},
			State: &conformance.State{Credentials: []string{"access", "refresh"}}}},
		Server: []conformance.Request{login(5635, 5671),
			api(2, "r1-b4", 34619, 34629, 401, "expired", 1), api(3, "r1-b2", 36994, 37009, 401, "expired", 1),
			api(4, "r1-b3", 37031, 37053, 401, "expired", 1), api(5, "r1-b1", 37082, 37127, 401, "expired", 1),
			refresh(6, 40929, 90963, 401, "expired"), api(7, "r1-a1", 3310964, 3311040, 401, "expired", 1)},
	}
	pending := "+   10.3ms  call r1-b1 burst GET /api/items?au…orm_call=r1-b1  → PENDING at deadline"
	refreshLine := "+   40.9ms  refresh POST /auth/refresh                          expired  s1 g1  401 at +   91.0ms (pass)"
	fail := func(rule string, level conformance.Level, expected, actual string) conformance.Verdict {
		return conformance.Verdict{Rule: rule, Level: level, Status: conformance.Fail, Expected: expected, Actual: actual, Lines: []string{pending, refreshLine}}
	}
	return reports.Record{Scenario: "expired-refresh", Title: "Refresh token expired", Target: "go:M1", Style: "cookie",
		Judges: []string{"RR-1", "RJ-1", "RJ-2", "LO-1", "LO-2", "NL-1", "NL-2"}, Evidence: ev, Verdicts: []conformance.Verdict{
			{Rule: "RR-1", Level: conformance.Must, Status: conformance.Pass, Expected: "no refresh after the refresh answered 401", Actual: "0 refresh calls after it"},
			fail("RJ-1", conformance.Must, "every call settles with an error before the deadline", "4 calls still pending at the deadline: deadlock or hang (r1-b1, r1-b2, r1-b3, r1-b4)"),
			{Rule: "RJ-2", Level: conformance.Must, Status: conformance.Pass, Expected: "no request sent again after the failed refresh", Actual: "0 requests sent again after the failed refresh"},
			fail("LO-1", conformance.Must, "logged out, no credentials", "still logged in, credentials remain: access, refresh"),
			fail("LO-2", conformance.Should, "exactly 1 logout call", "0 logout calls"),
			{Rule: "NL-1", Level: conformance.Must, Status: conformance.Pass, Expected: "no refresh and no burst request in the quiet window", Actual: "0 refresh calls and 0 api requests in the quiet window"},
			fail("NL-2", conformance.Must, "later actions fail fast without a refresh", "1 later action pending (r1-a1)"),
		}}
}

// large is a run of n calls on one expired token: each gets a 401 on
// generation 1 and is replayed on generation 2 after one refresh, but the
// last few never settle.
func large(n int) reports.Results {
	ev := &conformance.Evidence{Scenario: "expired-access", Target: "go", Style: "bearer", Deadline: 3 * time.Second, Quiet: 300 * time.Millisecond}
	rd := conformance.Round{N: 1, Start: 0, LoggedIn: us(900), Burst: us(1000), DeadlineAt: us(3001000)}
	ev.Server = append(ev.Server, login(100, 900))
	seq := uint64(2)
	for i := range n {
		id := fmt.Sprintf("r1-b%d", i+1)
		start := 1000 + i*5 // 5 µs apart: the burst takes 50 ms
		c := call(id, "burst", start, 0, conformance.OutcomePending, 0)
		ev.Server = append(ev.Server, api(seq, id, start+100, start+150, 401, "expired", 1))
		seq++
		if i < n-4 {
			replay := 160000 + i*3
			ev.Server = append(ev.Server, api(seq, id, replay, replay+80, 200, "valid", 2))
			seq++
			c.End, c.Outcome, c.Status = us(replay+200), conformance.OutcomeOK, 200
			rd.Settled = max(rd.Settled, c.End)
		}
		rd.Calls = append(rd.Calls, c)
	}
	ev.Server = append(ev.Server, refresh(seq, 60000, 150000, 200, "valid"))
	rd.Settled = rd.DeadlineAt
	rd.QuietEnd, rd.End = rd.Settled+300*time.Millisecond, rd.Settled+310*time.Millisecond
	rd.State = &conformance.State{Credentials: []string{"access (memory)", "refresh (memory)"}}
	ev.Rounds = []conformance.Round{rd}
	return reports.Results{Version: reports.Version, Started: started, Ended: started.Add(4 * time.Second),
		Flags: reports.Flags{Targets: []string{"go"}, Styles: []string{"bearer"}},
		Records: []reports.Record{{Scenario: "expired-access", Target: "go", Style: "bearer", Judges: []string{"RJ-1"}, Evidence: ev,
			Verdicts: []conformance.Verdict{{Rule: "RJ-1", Level: conformance.Must, Status: conformance.Fail,
				Expected: "every call settles before the deadline", Actual: "4 calls still pending at the deadline"}}}}}
}
