package runner

import (
	"time"

	"github.com/authconform/authconform/scenarios"
)

// ClientTimeout is the timeout Run asks a client to give each refresh and
// logout call of sc when the run's deadline is deadline (the scenario's
// own when zero): the deadline divided by ClientTimeoutDivisor, and at
// least DelayMargin times the longest delay sc puts on a refresh or logout
// answer.
func ClientTimeout(sc scenarios.Scenario, deadline time.Duration) time.Duration {
	if deadline <= 0 {
		deadline = sc.Timing.Deadline.D()
	}
	return clientTimeout(sc, deadline)
}
