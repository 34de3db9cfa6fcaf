package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/scenarios"
)

type serveConfig struct {
	scenario     string
	scenarioDir  string
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
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "address to listen on; port 0 picks a free port")
	fs.BoolVar(&c.nonLoopback, "allow-non-loopback", false, "allow a non-loopback --addr (the server hands out credentials to anyone who asks)")
	fs.StringVar(&c.style, "style", "cookie", "credential style: cookie (httpOnly cookies) or bearer (tokens in JSON, Authorization header)")
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

Examples:
  authconform serve --scenario slow-refresh
  authconform serve --scenario revoked --style bearer --origin http://localhost:5173
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
	cfg, sc, err := c.serverConfig()
	if err != nil {
		fmt.Fprintf(stderr, "authconform serve: %v\n", err)
		return 2
	}
	srv, err := fakeauth.NewServer(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "authconform serve: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "listening on %s\n", srv.URL)
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

// describe tells a person on stderr what is running and how to use it.
func describe(w io.Writer, srv *fakeauth.Server, sc *scenarios.Scenario) {
	c := srv.Contract()
	u := fakeauth.DefaultUser
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
	fmt.Fprintf(w, "  login   POST %s%s\n  refresh POST %s%s\n  logout  POST %s%s\n  api     %s%s*\n",
		srv.URL, c.LoginPath, srv.URL, c.RefreshPath, srv.URL, c.LogoutPath, srv.URL, c.APIPrefix)
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
