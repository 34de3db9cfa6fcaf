// Package conformance is the catalogue of conformance rules for token-refresh
// clients and the pure functions that judge them.
//
// A rule is a value: a stable ID ("SF-1"), a level (MUST or SHOULD), a short
// title, the requirement sentence, why it matters, and a judge, a pure
// function from Evidence to a Verdict. Evidence is what one client (a
// target) did in one scenario: the fake server's journal, the client's calls
// and how they settled, and its final auth state. Drivers gather it; this
// package only reads it, so every rule is unit-tested without a server.
//
// A verdict is pass, fail or not-judged. A failure is data: what was
// expected, what happened, and the journal lines and calls that show it.
// When the evidence cannot decide a rule (its precondition did not occur,
// the requests carry no call ID, the journal dropped entries, the target
// reports no state), the verdict is not-judged with the reason: never a pass
// for lack of evidence.
//
//	for _, v := range conformance.Judge(ev, scenario.Judges) {
//		if v.Failed(strict) {
//			fmt.Println(v.Message())
//			fmt.Println(conformance.Timeline(ev))
//		}
//	}
//
// The package does no I/O and reads no clock.
package conformance
