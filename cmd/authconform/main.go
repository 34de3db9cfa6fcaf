// Command authconform runs the fake auth server, lists what the conformance
// suite knows, makes reports and writes and checks app profiles.
//
//	authconform serve --scenario revoked     # a scripted fake auth server
//	authconform list                         # scenarios and the rules they judge
//	authconform report                       # reports/results.json → reports/report.html
//	authconform profile init                 # a starter profile for the app:<url> target
//	authconform profile check FILE           # is the profile right?
//
// Run `authconform help COMMAND` for a command's flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `authconform: a fault-injection harness for the code that refreshes auth tokens.

Usage:
  authconform <command> [flags]

Commands:
  serve    run the fake auth server on 127.0.0.1 with a scenario's behaviour
  list     list the scenarios and the rules each one judges
  report   turn a suite run's results (reports/results.json) into an HTML report
  profile  write a starter app profile or check one, for --target=app:<url>
  help     show the flags of a command: authconform help serve

Examples:
  authconform serve --scenario revoked
  authconform serve --scenario slow-refresh --style bearer --origin http://localhost:5173
  authconform list
  authconform report --in reports/results.json --out reports/report.html
  authconform profile init && authconform profile check authconform.yaml
  authconform serve --profile authconform.yaml --scenario revoked

The conformance suite itself runs with: go tool ginkgo ./suites
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the exit status: 0 success, 1 the
// command failed, 2 bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "list":
		return list(rest, stdout, stderr)
	case "report":
		return report(rest, stdout, stderr)
	case "profile":
		return profileCmd(rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		return help(rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "authconform: unknown command %q (want serve, list, report, profile or help)\n\n%s", cmd, usage)
		return 2
	}
}

func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return 0
	}
	switch args[0] {
	case "serve":
		serveFlags(new(serveConfig), stdout).Usage()
	case "list":
		listFlags(new(listConfig), stdout).Usage()
	case "report":
		reportFlags(new(reportConfig), stdout).Usage()
	case "profile":
		profileFlags("init", new(bool), stdout).Usage()
	default:
		fmt.Fprintf(stderr, "authconform help: unknown command %q (want serve, list, report or profile)\n", args[0])
		return 2
	}
	return 0
}
