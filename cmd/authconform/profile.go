package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/authconform/authconform/runner/profile"
)

const profileUsage = `Usage:
  authconform profile init [--force] [FILE]
  authconform profile check FILE

A profile (YAML) tells the app:<url> target how to test a web app of your
own: where it is, the auth contract it speaks, how to log in, what makes it
fire a burst of API calls and how its logged-out state shows.

  init   writes a commented starter profile to FILE (default authconform.yaml;
         "-": standard output). It refuses to overwrite a file unless --force.
         The starter's values fit authconform's reference web app.
  check  reads FILE and prints what the suite will do with it, or every
         problem as FILE:LINE: FIELD: what to fix (exit status 1).

Then run the suite against the app:
  go tool ginkgo ./suites -- --target=app:http://localhost:5173/ --profile=authconform.yaml

Examples:
  authconform profile init
  authconform profile init --force my-app.yaml
  authconform profile check authconform.yaml
  authconform serve --profile authconform.yaml --scenario revoked
`

func profileFlags(name string, force *bool, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("profile "+name, flag.ContinueOnError)
	fs.SetOutput(out)
	if force != nil {
		fs.BoolVar(force, "force", false, "overwrite FILE if it exists")
	}
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), profileUsage)
		if force != nil {
			fmt.Fprint(fs.Output(), "\nFlags of init:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

func profileCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, profileUsage)
		return 2
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "init":
		return profileInit(rest, stdout, stderr)
	case "check":
		return profileCheck(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, profileUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "authconform profile: unknown command %q (want init or check)\n\n%s", cmd, profileUsage)
		return 2
	}
}

func profileInit(args []string, stdout, stderr io.Writer) int {
	var force bool
	fs := profileFlags("init", &force, stderr)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	file := "authconform.yaml"
	switch len(files) {
	case 0:
	case 1:
		file = files[0]
	default:
		fmt.Fprintf(stderr, "authconform profile init: unexpected argument %q (one FILE at most)\n", files[1])
		return 2
	}
	if file == "-" {
		if _, err := stdout.Write(profile.Starter()); err != nil {
			fmt.Fprintf(stderr, "authconform profile init: %v\n", err)
			return 1
		}
		return 0
	}
	if err := writeNew(file, profile.Starter(), force); err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, "authconform profile init: %s exists; pass --force to overwrite it\n", file)
		} else {
			fmt.Fprintf(stderr, "authconform profile init: %v\n", err)
		}
		return 1
	}
	fmt.Fprintf(stdout, `wrote %s: a commented starter profile (its values fit authconform's reference web app)
Next: edit it for your app (app.url, auth, login, burst, logged_out), then
  authconform profile check %s
  go tool ginkgo ./suites -- --target=app:URL --profile=%s
where URL is the app's address, like http://localhost:5173/.
`, file, file, file)
	return 0
}

// writeNew writes data to a new file, or over an existing one with force.
func writeNew(name string, data []byte, force bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(name, flags, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func profileCheck(args []string, stdout, stderr io.Writer) int {
	fs := profileFlags("check", nil, stderr)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	switch len(files) {
	case 0:
		fmt.Fprintln(stderr, "authconform profile check: want the profile's file: authconform profile check FILE")
		return 2
	case 1:
	default:
		fmt.Fprintf(stderr, "authconform profile check: unexpected argument %q (one FILE only)\n", files[1])
		return 2
	}
	p, err := profile.Load(files[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		var pe *profile.Error
		if errors.As(err, &pe) {
			n := strings.Count(err.Error(), "\n") + 1
			fmt.Fprintf(stderr, "authconform profile check: %s is not a valid profile (%d %s)\n", files[0], n, plural(n, "problem"))
		}
		return 1
	}
	summarize(stdout, p)
	return 0
}

// summarize tells what the suite will do with the profile.
func summarize(w io.Writer, p profile.Profile) {
	d := p.WithDefaults()
	a := d.Auth
	fmt.Fprintf(w, "%s: a valid profile\n", p.Source)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	mode := "fronting: one origin that answers the auth paths and " + a.APIPrefix + " from the fake server and passes the rest to the app"
	if d.App.Mode == profile.ModeInterception {
		mode = "interception: the app's requests to " + d.App.APIOrigin + " are answered from the fake server"
	}
	fmt.Fprintf(tw, "  app\t%s\n", d.App.URL)
	fmt.Fprintf(tw, "  mode\t%s\n", mode)
	style := a.Style + " style: httpOnly cookies " + a.Cookies.Access + " and " + a.Cookies.Refresh
	if a.Style == "bearer" {
		presented := a.AccessHeader + ": " + a.AccessScheme + " TOKEN"
		if a.AccessScheme == "-" {
			presented = a.AccessHeader + ": TOKEN"
		}
		style = a.Style + " style: tokens in JSON fields " + a.Fields.Access + " and " + a.Fields.Refresh + ", access token sent as " + presented
	}
	fmt.Fprintf(tw, "  auth\t%s\n", style)
	eps := []string{}
	for _, ep := range []struct {
		name string
		e    profile.Endpoint
	}{{"login", a.Login}, {"refresh", a.Refresh}, {"logout", a.Logout}} {
		eps = append(eps, ep.name+" "+ep.e.Method+" "+ep.e.Path)
	}
	fmt.Fprintf(tw, "  \t%s\n", strings.Join(eps, ", "))
	fmt.Fprintf(tw, "  api\t%s (protected)%s\n", a.APIPrefix+"*", canned(p))
	fmt.Fprintf(tw, "  user\t%s\n", d.User.Name)
	fmt.Fprintf(tw, "  login\t%s\n", loginSummary(d))
	fmt.Fprintf(tw, "  burst\t%s\n", triggerSummary(d.Burst))
	var lo []string
	if d.LoggedOut.URL != "" {
		lo = append(lo, "the URL matches "+d.LoggedOut.URL)
	}
	if d.LoggedOut.Selector != "" {
		lo = append(lo, d.LoggedOut.Selector+" shows")
	}
	fmt.Fprintf(tw, "  logged out\twhen %s\n", strings.Join(lo, " or "))
	if len(d.StorageKeys) > 0 {
		fmt.Fprintf(tw, "  storage\t%s must be empty after a terminal failure\n", strings.Join(d.StorageKeys, ", "))
	}
	fmt.Fprintf(tw, "  evidence\t%s\n", evidenceSummary(d.Evidence))
	tw.Flush()
}

func canned(p profile.Profile) string {
	if len(p.API) == 0 {
		return ""
	}
	paths := make([]string, 0, len(p.API))
	for k := range p.API {
		paths = append(paths, k)
	}
	sort.Strings(paths)
	return fmt.Sprintf("; %d canned %s: %s", len(paths), plural(len(paths), "body"), strings.Join(paths, ", "))
}

func loginSummary(p profile.Profile) string {
	l := p.Login
	var s string
	if l.Script != "" {
		s = "by script"
	} else {
		sels := make([]string, 0, len(l.Fill))
		for k := range l.Fill {
			sels = append(sels, k)
		}
		sort.Strings(sels)
		s = "by form: fill " + strings.Join(sels, ", ") + "; click " + l.Submit
	}
	if l.Route != "" {
		s += " at " + l.Route
	}
	return s + "; done when " + l.Done + " shows"
}

func triggerSummary(t profile.Trigger) string {
	switch {
	case t.Route != "":
		return "open " + t.Route
	case t.Click != "":
		return "click " + t.Click
	}
	return "run a script"
}

func evidenceSummary(e profile.Evidence) string {
	var offered []string
	if e.Pending != "" {
		offered = append(offered, "pending requests ("+e.Pending+")")
	}
	if e.Busy != "" {
		offered = append(offered, "busy ("+e.Busy+")")
	}
	if e.Error != "" {
		offered = append(offered, "error shown ("+e.Error+")")
	}
	if len(offered) == 0 {
		return "none: rules that need the app's own view decide from the network or are not judged"
	}
	return strings.Join(offered, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	if strings.HasSuffix(word, "y") {
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}

// parseInterspersed parses flags that may come before, between or after
// the arguments (init FILE --force) and returns the arguments; everything
// after "--" is an argument.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var out []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return out, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(out, rest...), nil
		}
		out = append(out, rest[0])
		args = rest[1:]
	}
}
