package browser

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/authconform/authconform/clients/web"
	"github.com/authconform/authconform/runner"
)

// Timeouts of a Driver's steps; each is also bounded by the caller's context.
const (
	// PageTimeout bounds opening a tab, loading the app and waiting for
	// window.__authconform.ready.
	PageTimeout = 20 * time.Second
	// LoginTimeout bounds a login through the form.
	LoginTimeout = 10 * time.Second
	// StepTimeout bounds one evaluation in the page: issuing a request,
	// reading the state.
	StepTimeout = 5 * time.Second
)

// ErrDriverClosed is returned by a Driver used after Close.
var ErrDriverClosed = errors.New("browser: driver closed")

// Driver runs a web app in a Browser. It serves the app on 127.0.0.1 (once,
// on first use) and opens it for each run in a fresh tab with a browser
// context of its own. It implements runner.Driver and runner.OriginDriver;
// it is safe for concurrent runs.
type Driver struct {
	browser *Browser
	app     func() (http.Handler, error)
	variant string

	mu     sync.Mutex
	srv    *http.Server
	origin string
	err    error
	closed bool
}

// New returns a driver for the reference web app (clients/web) in variant
// variant: "" or "reference" for the reference, or a mutant's ID ("M1").
// The app is bundled and served on first use. It does not check the
// variant: the page reports the variant it runs, and Start fails if it is
// not the one asked for.
func New(b *Browser, variant string) *Driver {
	return newDriver(b, web.Handler, variant)
}

// NewApp returns a driver for the app h serves (index.html and its
// scripts, speaking the contract of the package doc) in variant variant
// ("" for the app's default).
func NewApp(b *Browser, h http.Handler, variant string) *Driver {
	return newDriver(b, func() (http.Handler, error) { return h, nil }, variant)
}

func newDriver(b *Browser, app func() (http.Handler, error), variant string) *Driver {
	return &Driver{browser: b, app: app, variant: variant}
}

// Variant returns the app variant the driver opens.
func (d *Driver) Variant() string { return d.variant }

// Origins returns the origin the app is served from, starting its server if
// needed (nil if it cannot start; Start then returns why).
func (d *Driver) Origins() []string {
	o, err := d.serve()
	if err != nil {
		return nil
	}
	return []string{o}
}

// serve starts the app server once and returns its origin.
func (d *Driver) serve() (string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return "", ErrDriverClosed
	}
	if d.origin != "" || d.err != nil {
		return d.origin, d.err
	}
	h, err := d.app()
	if err != nil {
		d.err = fmt.Errorf("browser: building the web app: %w", err)
		return "", d.err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		d.err = fmt.Errorf("browser: serving the web app: %w", err)
		return "", d.err
	}
	d.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go d.srv.Serve(l)
	d.origin = "http://" + l.Addr().String()
	return d.origin, nil
}

// Start opens the app in a fresh tab against env's server and waits until
// it is ready.
func (d *Driver) Start(ctx context.Context, env runner.Env) (runner.Session, error) {
	origin, err := d.serve()
	if err != nil {
		return nil, err
	}
	bctx, err := d.browser.context(ctx)
	if err != nil {
		return nil, err
	}
	s := newSession(env)
	if err := s.open(ctx, bctx, d.pageURL(origin, env), d.variant); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// pageURL is the app's address with the run's parameters.
func (d *Driver) pageURL(origin string, env runner.Env) string {
	q := url.Values{}
	q.Set("api", env.ServerURL)
	if env.Contract.Style != "" {
		q.Set("style", string(env.Contract.Style))
	}
	if d.variant != "" {
		q.Set("variant", d.variant)
	}
	// The contract's paths and field names, for an app that takes them
	// (the reference web app does).
	c := env.Contract
	for _, p := range [][2]string{
		{"loginPath", c.LoginPath}, {"refreshPath", c.RefreshPath}, {"logoutPath", c.LogoutPath},
		{"usernameField", c.UsernameField}, {"passwordField", c.PasswordField},
		{"accessField", c.AccessField}, {"refreshField", c.RefreshField},
	} {
		if p[1] != "" {
			q.Set(p[0], p[1])
		}
	}
	if env.RefreshTimeout > 0 {
		q.Set("refreshTimeout", strconv.FormatInt(env.RefreshTimeout.Milliseconds(), 10))
	}
	if env.LogoutTimeout > 0 {
		q.Set("logoutTimeout", strconv.FormatInt(env.LogoutTimeout.Milliseconds(), 10))
	}
	return origin + "/?" + q.Encode()
}

// Close stops the app server. It does not close the Browser, which other
// drivers may share. It is idempotent.
func (d *Driver) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	if d.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err := d.srv.Shutdown(ctx)
	if err != nil {
		err = d.srv.Close()
	}
	d.srv = nil
	return err
}
