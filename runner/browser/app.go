package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner"
	"github.com/authconform/authconform/runner/profile"
)

// ReachTimeout bounds the check that a third-party app answers at its URL.
const ReachTimeout = 3 * time.Second

// AppDriver runs a third-party web app, described by a profile, in a
// Browser: the driver behind the target "app:<url>". The app knows nothing
// of the harness. Its auth and API requests reach the run's fake server
// through a front (a same-site origin that passes the rest to the app) or
// through interception (the DevTools Fetch domain fulfils requests to the
// profile's API origin); the requests tell the harness what the app did.
//
// It implements runner.Driver, runner.ServerShaper and runner.OriginDriver;
// it is safe for concurrent runs.
type AppDriver struct {
	browser *Browser
	p       profile.Profile
	app     *url.URL
	api     *url.URL // the API origin, with interception
}

// NewAppDriver returns a driver for the app p describes; p must be valid
// (profile.Parse checks it) with defaults filled in.
func NewAppDriver(b *Browser, p profile.Profile) (*AppDriver, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p = p.WithDefaults()
	d := &AppDriver{browser: b, p: p}
	var err error
	if d.app, err = url.Parse(p.App.URL); err != nil {
		return nil, fmt.Errorf("browser: app.url: %w", err)
	}
	if d.app.Path == "" {
		d.app.Path = "/"
	}
	if p.App.Mode == profile.ModeInterception {
		if d.api, err = url.Parse(strings.TrimSuffix(p.App.APIOrigin, "/")); err != nil {
			return nil, fmt.Errorf("browser: app.api_origin: %w", err)
		}
	}
	return d, nil
}

// Profile returns the profile the driver runs, defaults filled in.
func (d *AppDriver) Profile() profile.Profile { return d.p }

// ShapeServer makes the run's fake server speak the app's contract, know
// its user and answer its API routes with the profile's bodies.
func (d *AppDriver) ShapeServer(cfg *fakeauth.Config) {
	cfg.Contract = d.p.Contract()
	cfg.Users = []fakeauth.User{{Name: d.p.User.Name, Password: d.p.User.Password}}
	cfg.Canned = d.p.API
	if d.api != nil {
		cfg.AllowOrigins = append(cfg.AllowOrigins, d.origin())
	}
}

// Origins returns the app's origin when its requests are intercepted (the
// fake server must answer CORS for it); none with a front, which is the
// page's own origin.
func (d *AppDriver) Origins() []string {
	if d.api == nil {
		return nil
	}
	return []string{d.origin()}
}

func (d *AppDriver) origin() string { return d.app.Scheme + "://" + d.app.Host }

// Reach checks that the app answers at its URL, with a message that says
// what to do when it does not.
func (d *AppDriver) Reach(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, ReachTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, d.app.String(), nil)
	if err != nil {
		return fmt.Errorf("browser: app.url %s: %w", d.app, err)
	}
	// A transport of its own, without a proxy or idle connections kept.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("no answer within %v", ReachTimeout)
		}
		return fmt.Errorf("browser: the app does not answer at %s (%v): start it first (e.g. npm run preview), or fix app.url in the profile or the URL in --target=app:URL", d.app, err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return fmt.Errorf("browser: the app at %s answers %s: is this the app's URL?", d.app, resp.Status)
	}
	return nil
}

// Start checks that the app answers, serves its front (or prepares the
// interception) and opens it in a fresh tab. It does not log in.
func (d *AppDriver) Start(ctx context.Context, env runner.Env) (runner.Session, error) {
	if err := d.Reach(ctx); err != nil {
		return nil, err
	}
	bctx, err := d.browser.context(ctx)
	if err != nil {
		return nil, err
	}
	now := env.Now
	if now == nil {
		start := time.Now()
		now = func() time.Duration { return time.Since(start) }
	}
	t := newTracker(now, env.Contract)
	s := &appSession{session: newSession(env), d: d, track: t, fw: newForwarder(env.ServerURL, t)}
	s.base = d.origin()
	if d.api == nil {
		if s.front, err = startFront(d.app, s.fw); err != nil {
			return nil, err
		}
		s.base = s.front.origin
	}
	if err := s.openApp(ctx, bctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
