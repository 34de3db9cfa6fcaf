package browser_test

import (
	"context"
	"fmt"
	"log"

	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/browser"
	"github.com/authconform/authconform/scenarios"
)

// Run the reference web app in Chromium through a scenario: five requests
// on an expired access token make one refresh, and every request succeeds.
func Example() {
	b := &browser.Browser{} // started on first use
	defer b.Close()
	d := browser.New(b, "") // the reference web app
	defer d.Close()

	sc, err := scenarios.Lookup("expired-access")
	if err != nil {
		log.Fatal(err)
	}
	ev, err := runner.Run(context.Background(), sc, d, runner.Options{Target: "web"})
	if err != nil {
		log.Fatal(err)
	}
	refreshes := 0
	for _, q := range ev.Server {
		if q.Kind == "refresh" {
			refreshes++
		}
	}
	ok := 0
	for _, c := range ev.Rounds[0].Calls {
		if c.Succeeded() {
			ok++
		}
	}
	fmt.Printf("%d refresh, %d of %d calls succeeded\n", refreshes, ok, len(ev.Rounds[0].Calls))
	// Output: 1 refresh, 5 of 5 calls succeeded
}
