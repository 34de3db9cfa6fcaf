package target

import (
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"sync"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/browser"
	"github.com/authconform/authconform/runner/profile"
)

func init() {
	Register(Kind{
		Name: "app",
		Usage: []Usage{
			{"app:<url>", "a third-party web app at <url> in headless Chromium, described by --profile FILE (env AUTHCONFORM_PROFILE; write one with authconform profile init)"},
			{"app", "the same, at the profile's app.url"},
		},
		Driver:      apps.driver,
		Close:       func() error { return apps.close(false) },
		Kill:        func() error { return apps.close(true) },
		Concurrency: max(2, runtime.NumCPU()*2),
		Style: func(variant string) (fakeauth.Style, error) {
			d, err := apps.driver(variant)
			if err != nil {
				return "", err
			}
			return fakeauth.Style(d.(*browser.AppDriver).Profile().Auth.Style), nil
		},
	})
}

// SetProfile names the profile file app targets read (the suite's
// --profile flag). It must be called before the first app target is used.
func SetProfile(path string) {
	apps.mu.Lock()
	defer apps.mu.Unlock()
	apps.path, apps.loaded, apps.err = path, false, nil
	apps.drivers = nil
}

// apps holds the profile app targets read and one driver per app URL.
var apps appKind

type appKind struct {
	mu      sync.Mutex
	path    string
	loaded  bool
	p       profile.Profile
	err     error
	drivers map[string]*browser.AppDriver
}

func (k *appKind) driver(rawURL string) (runner.Driver, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.path == "" {
		return nil, errors.New("target: app targets need a profile: --profile FILE (env AUTHCONFORM_PROFILE); write a starter with authconform profile init")
	}
	if !k.loaded {
		k.p, k.err = profile.Load(k.path)
		k.loaded = true
	}
	if k.err != nil {
		return nil, k.err
	}
	if d, ok := k.drivers[rawURL]; ok {
		return d, nil
	}
	p := k.p
	if rawURL != "" {
		u, err := url.Parse(rawURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("target: app:%s: want an http or https URL with a host, e.g. app:http://localhost:5173/", rawURL)
		}
		p.App.URL = rawURL
	}
	d, err := browser.NewAppDriver(browsers.get(), p)
	if err != nil {
		return nil, fmt.Errorf("target: app:%s: %w", rawURL, err)
	}
	if k.drivers == nil {
		k.drivers = map[string]*browser.AppDriver{}
	}
	k.drivers[rawURL] = d
	return d, nil
}

// close forgets the drivers and closes the shared browser.
func (k *appKind) close(kill bool) error {
	k.mu.Lock()
	k.drivers = nil
	k.mu.Unlock()
	return browsers.close(kill)
}
