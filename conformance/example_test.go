package conformance_test

import (
	"fmt"
	"time"

	"github.com/authconform/authconform/conformance"
)

// evidence is a tiny hand-built run: two calls get a 401 on an expired
// token, and the client refreshes twice (no single-flight).
func evidence() *conformance.Evidence {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	api := func(seq uint64, call string, start, end, status int, cred string, gen uint32) conformance.Request {
		return conformance.Request{Seq: seq, Kind: "api", Method: "GET", Path: "/api/items?authconform_call=" + call,
			Call: call, Start: ms(start), End: ms(end), Status: status, Cred: cred, Session: 1, Generation: gen,
			Outcome: "answered"}
	}
	refresh := func(seq uint64, start, end, status int, cred string) conformance.Request {
		return conformance.Request{Seq: seq, Kind: "refresh", Method: "POST", Path: "/auth/refresh",
			Start: ms(start), End: ms(end), Status: status, Cred: cred, Session: 1, Generation: 1, Outcome: "answered"}
	}
	call := func(id string) conformance.Call {
		return conformance.Call{ID: id, Phase: conformance.PhaseBurst, Method: "GET", Path: "/api/items",
			Start: ms(10), End: ms(30), Outcome: conformance.OutcomeOK, Status: 200}
	}
	return &conformance.Evidence{
		Scenario: "expired-access", Target: "go:M7", Rotation: "rotate",
		Rounds: []conformance.Round{{
			N: 1, Start: 0, LoggedIn: ms(2), Burst: ms(10), DeadlineAt: ms(1010),
			Settled: ms(30), QuietEnd: ms(130), End: ms(130),
			Calls: []conformance.Call{call("c1"), call("c2")},
			State: &conformance.State{Credentials: []string{"access (memory)"}},
		}},
		Server: []conformance.Request{
			{Seq: 1, Kind: "login", Method: "POST", Path: "/auth/login", End: ms(2), Status: 200,
				Cred: "none", Session: 1, Generation: 1, Outcome: "answered"},
			api(2, "c1", 11, 12, 401, "expired", 1),
			api(3, "c2", 11, 12, 401, "expired", 1),
			refresh(4, 13, 20, 200, "valid"),
			refresh(5, 14, 21, 401, "spent"),
			api(6, "c1", 22, 23, 200, "valid", 2),
			api(7, "c2", 22, 23, 200, "valid", 2),
		},
	}
}

func ExampleJudge() {
	for _, v := range conformance.Judge(evidence(), []string{"SF-1", "RP-1", "RT-1", "TO-1"}) {
		detail := v.Actual
		if v.Status == conformance.NotJudged {
			detail = v.Reason
		}
		fmt.Printf("%s %s %s: %s\n", v.Rule, v.Level, v.Status, detail)
	}
	// Output:
	// SF-1 MUST fail: 2 refresh calls
	// RP-1 MUST pass: 2 waiting calls replayed once and succeeded
	// RT-1 MUST fail: 1 refresh call with a spent token
	// TO-1 MUST not-judged: no refresh went unanswered (hung or abandoned)
}

func ExampleVerdict_Message() {
	v := conformance.Judge(evidence(), []string{"RT-1"})[0]
	if v.Failed(false) {
		fmt.Println(v.Message())
	}
	// Output:
	// [RT-1] a spent refresh token is never presented again (MUST)
	// with rotating refresh tokens, a spent refresh token is never presented again
	// verdict: fail
	// expected: no spent refresh token presented
	// actual: 1 refresh call with a spent token
	//   +   14.0ms  refresh POST /auth/refresh                          spent    s1 g1  401 at +   21.0ms
}

func ExampleTimeline() {
	fmt.Println(conformance.Timeline(evidence()))
	// Output:
	// +    0.0ms  ── round 1 login
	// +    0.0ms  login   POST /auth/login                            none     s1 g1  200 at +    2.0ms
	// +   10.0ms  ── round 1 burst
	// +   10.0ms  call c1 burst GET /api/items  → ok 200 at +   30.0ms
	// +   10.0ms  call c2 burst GET /api/items  → ok 200 at +   30.0ms
	// +   11.0ms  api     GET  /api/items?authconform_call=c1         expired  s1 g1  401 at +   12.0ms
	// +   11.0ms  api     GET  /api/items?authconform_call=c2         expired  s1 g1  401 at +   12.0ms
	// +   13.0ms  refresh POST /auth/refresh                          valid    s1 g1  200 at +   20.0ms
	// +   14.0ms  refresh POST /auth/refresh                          spent    s1 g1  401 at +   21.0ms
	// +   22.0ms  api     GET  /api/items?authconform_call=c1         valid    s1 g2  200 at +   23.0ms
	// +   22.0ms  api     GET  /api/items?authconform_call=c2         valid    s1 g2  200 at +   23.0ms
	// +   30.0ms  ── round 1 settled
	// +  130.0ms  ── round 1 quiet end
	// +  130.0ms  ── round 1 end: logged in, credentials remain: access (memory)
}
