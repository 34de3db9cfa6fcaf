package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/runner/profile"
	"github.com/authconform/authconform/scenarios"
)

type serveConfig struct {
	scenario     string
	scenarioDir  string
	profile      string
	styleSet     bool // --style was given
	addr         string
	nonLoopback  bool
	style        string
	origins      multiFlag
	scale        float64
	journalLimit int
	journalOut   string
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func serveFlags(c *serveConfig, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.scenario, "scenario", "", "scenario whose server behaviour to play (see `authconform list`); empty: a well-behaved server")
	fs.StringVar(&c.scenarioDir, "scenarios", "", "folder of your own scenario files (*.yaml), added to the built-in catalogue")
	fs.StringVar(&c.profile, "profile", "", "app profile (YAML, see authconform profile init) whose auth contract, user and canned API bodies to serve; allows its app URL's origin for CORS")
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "address to listen on; port 0 picks a free port")
	fs.BoolVar(&c.nonLoopback, "allow-non-loopback", false, "allow a non-loopback --addr (the server hands out credentials to anyone who asks)")
	fs.StringVar(&c.style, "style", "cookie", "credential style: cookie (httpOnly cookies) or bearer (tokens in JSON, Authorization header); a --profile sets its own")
	fs.Var(&c.origins, "origin", "app origin allowed to call the server from a browser with credentials (CORS), e.g. http://localhost:5173; repeatable")
	fs.Float64Var(&c.scale, "scale", 1, "multiply the scenario's delays and timeouts, for slow apps (e.g. 3)")
	fs.IntVar(&c.journalLimit, "journal-limit", fakeauth.DefaultJournalLimit, "entries the request journal keeps; past it, entries are counted as dropped")
	fs.StringVar(&c.journalOut, "journal-out", "", "write the request journal as JSON to this file when the server stops")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `Usage: authconform serve [flags]

Runs the fake auth server on 127.0.0.1 until Ctrl-C or SIGTERM. The first line
on stdout is "listening on http://127.0.0.1:PORT"; everything else goes to stderr.

The default contract: POST /auth/login {"username":"alice","password":"wonderland"},
POST /auth/refresh, POST /auth/logout, GET /auth/me, and any path under /api/ as a
protected resource. The control API lives under /__authconform/: GET journal,
GET sessions, POST reset, POST scenario {"id":"revoked"}, PUT script,
POST expire-access, expire-refresh, revoke {"session":N}, disable, enable {"user":"alice"}.

With --profile FILE the server speaks the app profile's contract instead
(auth.style, the endpoints' paths and methods, the API prefix, field, cookie
and header names), knows its user (default alice / wonderland), answers the
API routes listed under api: with their canned JSON bodies, and allows the
origin of its app.url to call it from a browser (CORS). --style cannot be
combined with it.

Examples:
  authconform serve --scenario slow-refresh
  authconform serve --scenario revoked --style bearer --origin http://localhost:5173
  authconform serve --profile authconform.yaml --scenario expired-access
  curl -X POST http://127.0.0.1:PORT/__authconform/expire-access

Flags:
`)
		fs.PrintDefaults()
	}
	return fs
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var c serveConfig
	fs := serveFlags(&c, stderr)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authconform serve: unexpected argument %q (flags only; see authconform help serve)\n", fs.Arg(0))
		return 2
	}
	fs.Visit(func(f *flag.Flag) { c.styleSet = c.styleSet || f.Name == "style" })
	cfg, sc, err := c.serverConfig()
	if err != nil {
		printError(stderr, "authconform serve: ", err)
		return 2
	}
	srv, err := fakeauth.NewServer(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "authconform serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "listening on %s\n", srv.URL)
	if c.profile != "" {
		fmt.Fprintf(stderr, "profile %s: allowing %s (CORS); %d canned API %s\n",
			c.profile, strings.Join(cfg.AllowOrigins, ", "), len(cfg.Canned), plural(len(cfg.Canned), "body"))
	}
	describe(stderr, srv, sc)
	<-ctx.Done()
	srv.Close()
	snap := srv.Journal().Snapshot()
	fmt.Fprintf(stderr, "authconform serve: stopped after %d requests", len(snap.Entries))
	if snap.Dropped > 0 {
		fmt.Fprintf(stderr, " (%d more not journaled: raise --journal-limit)", snap.Dropped)
	}
	fmt.Fprintln(stderr)
	if c.journalOut != "" {
		if err := writeJSONFile(c.journalOut, snap); err != nil {
			fmt.Fprintf(stderr, "authconform serve: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "authconform serve: journal written to %s\n", c.journalOut)
	}
	return 0
}

// serverConfig checks the flags and turns them into a server configuration.
func (c *serveConfig) serverConfig() (fakeauth.Config, *scenarios.Scenario, error) {
	var cfg fakeauth.Config
	style, err := fakeauth.ParseStyle(c.style)
	if err != nil {
		return cfg, nil, fmt.Errorf("--style %q: want cookie or bearer", c.style)
	}
	if c.scale <= 0 {
		return cfg, nil, fmt.Errorf("--scale %v: want a positive factor such as 0.5 or 3", c.scale)
	}
	if c.journalLimit <= 0 {
		return cfg, nil, fmt.Errorf("--journal-limit %d: want a positive number of entries", c.journalLimit)
	}
	for _, o := range c.origins {
		if err := checkOrigin(o); err != nil {
			return cfg, nil, err
		}
	}
	catalogue, err := scenarios.With(c.scenarioDir)
	if err != nil {
		return cfg, nil, err
	}
	cfg = fakeauth.Config{
		Addr:             c.addr,
		AllowNonLoopback: c.nonLoopback,
		Contract:         fakeauth.Contract{Style: style},
		AllowOrigins:     c.origins,
		JournalLimit:     c.journalLimit,
		Scenarios: func(id string) (fakeauth.Script, error) {
			sc, err := scenarios.Find(catalogue, id)
			return sc.Scaled(c.scale).Server, err
		},
	}
	if c.profile != "" {
		if err := c.applyProfile(&cfg); err != nil {
			return cfg, nil, err
		}
	}
	if c.scenario == "" {
		return cfg, nil, nil
	}
	sc, err := scenarios.Find(catalogue, c.scenario)
	if err != nil {
		return cfg, nil, fmt.Errorf("--scenario: %w", err)
	}
	sc = sc.Scaled(c.scale)
	cfg.Script = sc.Server
	return cfg, &sc, nil
}

func checkOrigin(o string) error {
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return fmt.Errorf("--origin %q: want scheme://host[:port], like http://localhost:5173", o)
	}
	return nil
}

// applyProfile makes the server speak the --profile's contract, know its
// user, answer its canned bodies and allow its app's origin.
func (c *serveConfig) applyProfile(cfg *fakeauth.Config) error {
	if c.styleSet {
		return fmt.Errorf("--style: the profile sets the style (auth.style); drop --style or change the profile")
	}
	p, err := profile.Load(c.profile)
	if err != nil {
		return err
	}
	u := p.WithDefaults().User
	cfg.Contract = p.Contract()
	cfg.Users = []fakeauth.User{{Name: u.Name, Password: u.Password}}
	cfg.Canned = p.API
	if o, ok := originOf(p.App.URL); ok && !slices.Contains(cfg.AllowOrigins, o) {
		cfg.AllowOrigins = append(slices.Clip(cfg.AllowOrigins), o)
	}
	return nil
}

// originOf returns the origin (scheme://host[:port]) of an http or https
// URL.
func originOf(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	return u.Scheme + "://" + u.Host, true
}

// printError prints err after prefix, every line of it when it joins
// several.
func printError(w io.Writer, prefix string, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintln(w, prefix+line)
	}
}

// describe tells a person on stderr what is running and how to use it.
func describe(w io.Writer, srv *fakeauth.Server, sc *scenarios.Scenario) {
	c := srv.Contract()
	u := srv.Config.Users[0]
	if sc != nil {
		fmt.Fprintf(w, "scenario %s: %s\n", sc.ID, sc.Title)
		if len(sc.Workload.Setup) > 0 {
			ops := make([]string, len(sc.Workload.Setup))
			for i, op := range sc.Workload.Setup {
				ops[i] = "POST " + fakeauth.ControlPrefix + string(op)
			}
			fmt.Fprintf(w, "  after login, the scenario's client workload starts with: %s\n", strings.Join(ops, ", "))
		}
	} else {
		fmt.Fprintln(w, "no scenario: a well-behaved server")
	}
	fmt.Fprintf(w, "  style %s; log in as %s / %s\n", c.Style, u.Name, u.Password)
	fmt.Fprintf(w, "  login   %s %s%s\n  refresh %s %s%s\n  logout  %s %s%s\n  api     %s%s*\n",
		c.LoginMethod, srv.URL, c.LoginPath, c.RefreshMethod, srv.URL, c.RefreshPath, c.LogoutMethod, srv.URL, c.LogoutPath, srv.URL, c.APIPrefix)
	fmt.Fprintf(w, "  control %s%s (journal, sessions, reset, scenario, script, expire-access, expire-refresh, revoke, disable, enable)\n", srv.URL, fakeauth.ControlPrefix)
	fmt.Fprintln(w, "  Ctrl-C to stop")
}

func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
