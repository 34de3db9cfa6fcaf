package main

import (
	"time"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/scenarios"
)

// maxAttempts is the most refresh attempts a correct client makes for one
// expiry when they fail transiently (rule TR-1).
const maxAttempts = 3

// scriptedWait is the longest a correct client can be made to wait by sc's
// script, with the client timeouts the runner gives (runner.ClientTimeout).
// Per round it is the later of
//
//   - the refresh path: up to maxAttempts attempts while they fail
//     transiently (5xx, 408, 429, a dropped connection, a hang), each
//     costing its step's delay, plus the client timeout when the step
//     hangs; an answer from the server itself (success or a terminal
//     failure) ends it. Requests the script holds until the refresh succeeded
//     add their lag, and a delay on API answers adds itself;
//   - the workload's own waits: the late requests' LateAfter and the
//     burst's stagger;
//
// plus the quiet window the runner always waits out. A relogin scenario has
// two rounds. The client's own backoff and the logout call, which a
// correct client does not make its requests wait for, are not counted.
func scriptedWait(sc scenarios.Scenario) time.Duration {
	timeout := runner.ClientTimeout(sc, 0)
	path := refreshPath(sc.Server.Behaviours[fakeauth.EndpointRefresh], timeout)
	var apiDelay, lag time.Duration
	for _, st := range sc.Server.Behaviours[fakeauth.EndpointAPI] {
		apiDelay = max(apiDelay, st.Delay.D())
		if h, ok := st.Action.(*fakeauth.Hold); ok {
			lag = max(lag, h.Lag.D())
		}
	}
	w := sc.Workload
	round := max(path+lag+apiDelay, w.LateAfter.D(), time.Duration(max(w.Burst-1, 0))*w.Stagger.D())
	round += sc.Timing.Quiet.D()
	if w.Relogin {
		return 2 * round
	}
	return round
}

// refreshPath is the time the refresh attempts of one expiry take: see
// scriptedWait.
func refreshPath(steps []fakeauth.Step, timeout time.Duration) time.Duration {
	var total time.Duration
	i, taken := 0, 0
	for range maxAttempts {
		if i >= len(steps) {
			return total // the server answers as itself
		}
		st := steps[i]
		total += st.Delay.D()
		if taken++; st.Times > 0 && taken >= st.Times {
			i, taken = i+1, 0
		}
		switch a := st.Action.(type) {
		case *fakeauth.Hang, *fakeauth.Hold:
			total += timeout
		case *fakeauth.Drop:
		case *fakeauth.Respond:
			if !transient(a.Status) {
				return total
			}
		default: // pass: the server answers as itself
			return total
		}
	}
	return total
}

// transient reports the statuses a client retries.
func transient(status int) bool {
	return status >= 500 || status == 408 || status == 429
}

// longestWait returns the scenario with the longest scripted wait.
func longestWait(all []scenarios.Scenario) (scenarios.Scenario, time.Duration) {
	var best scenarios.Scenario
	var longest time.Duration
	for _, sc := range all {
		if w := scriptedWait(sc); w > longest {
			best, longest = sc, w
		}
	}
	return best, longest
}
