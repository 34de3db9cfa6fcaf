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

// webs holds one driver (one app server) per variant of the web app.
var webs webKind

type webKind struct {
	mu      sync.Mutex
	drivers map[string]*browser.Driver
}

// browsers is the one browser of the process, shared by the web and app
// targets: started on the first run, closed when either kind closes.
var browsers sharedBrowser

type sharedBrowser struct {
	mu sync.Mutex
	b  *browser.Browser
}

func (s *sharedBrowser) get() *browser.Browser {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b == nil {
		s.b = &browser.Browser{}
	}
	return s.b
}

// close closes the browser (kill: without grace); a later run starts a
// new one.
func (s *sharedBrowser) close(kill bool) error {
	s.mu.Lock()
	b := s.b
	s.b = nil
	s.mu.Unlock()
	switch {
	case b == nil:
		return nil
	case kill:
		return b.Kill()
	}
	return b.Close()
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
	if k.drivers == nil {
		k.drivers = map[string]*browser.Driver{}
	}
	d := browser.New(browsers.get(), id)
	k.drivers[id] = d
	return d, nil
}

// close stops the app servers and the browser; a later web target starts
// them afresh.
func (k *webKind) close(kill bool) error {
	k.mu.Lock()
	drivers := k.drivers
	k.drivers = nil
	k.mu.Unlock()
	var errs []error
	for _, d := range drivers {
		errs = append(errs, d.Close())
	}
	errs = append(errs, browsers.close(kill))
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
