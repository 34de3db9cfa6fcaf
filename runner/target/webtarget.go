package target

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/authconform/authconform/clients/web"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/browser"
)

func init() {
	var ids []string
	for _, v := range web.Variants()[1:] {
		ids = append(ids, v.ID)
	}
	Register(Kind{
		Name: "web",
		Usage: []Usage{
			{"web", "the reference web app (clients/web) in headless Chromium"},
			{"web:<mutant>", "a bundled known-bad variant of the web app, e.g. web:M1 (" + strings.Join(ids, ", ") + ")"},
		},
		Driver: webs.driver,
		Close:  func() error { return webs.close(false) },
		Kill:   func() error { return webs.close(true) },
		// A tab costs about half a core while it loads and logs in: more
		// than two per core starve each other of the CPU the scenarios'
		// timings assume, and verdicts start to depend on the machine.
		Concurrency: max(2, runtime.NumCPU()*2),
	})
}

// webs holds what the web targets of the process share: one browser,
// started on the first run, and one driver (one app server) per variant.
var webs webKind

type webKind struct {
	mu      sync.Mutex
	browser *browser.Browser
	drivers map[string]*browser.Driver
}

func (k *webKind) driver(variant string) (runner.Driver, error) {
	id, err := webVariant(variant)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if d, ok := k.drivers[id]; ok {
		return d, nil
	}
	if k.browser == nil {
		k.browser = &browser.Browser{}
	}
	if k.drivers == nil {
		k.drivers = map[string]*browser.Driver{}
	}
	d := browser.New(k.browser, id)
	k.drivers[id] = d
	return d, nil
}

// close stops the app servers and the browser; a later web target starts
// them afresh.
func (k *webKind) close(kill bool) error {
	k.mu.Lock()
	b, drivers := k.browser, k.drivers
	k.browser, k.drivers = nil, nil
	k.mu.Unlock()
	var errs []error
	for _, d := range drivers {
		errs = append(errs, d.Close())
	}
	if b != nil && kill {
		errs = append(errs, b.Kill())
	} else if b != nil {
		errs = append(errs, b.Close())
	}
	return errors.Join(errs...)
}

// webVariant returns the ID of the web app's variant a target names, ""
// naming the reference.
func webVariant(variant string) (string, error) {
	if variant == "" {
		return web.Reference, nil
	}
	var ids []string
	for _, v := range web.Variants() {
		if strings.EqualFold(v.ID, variant) {
			return v.ID, nil
		}
		ids = append(ids, v.ID)
	}
	return "", fmt.Errorf("target: unknown web app variant %q (want one of %s)", variant, strings.Join(ids, ", "))
}
