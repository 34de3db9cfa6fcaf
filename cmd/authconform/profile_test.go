package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/authconform/authconform/runner/profile"
)

// runCmd runs the command line args and returns its exit status, stdout and
// stderr.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestProfileInit(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errs := runCmd(t, "profile", "init")
	if code != 0 {
		t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errs)
	}
	for _, want := range []string{"wrote authconform.yaml", "authconform profile check authconform.yaml",
		"go tool ginkgo ./suites -- --target=app:URL --profile=authconform.yaml"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	got, err := os.ReadFile("authconform.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, profile.Starter()) {
		t.Error("authconform.yaml is not the starter profile")
	}

	// An existing file is kept, unless --force, which may follow FILE.
	if err := os.WriteFile("mine.yaml", []byte("# mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCmd(t, "profile", "init", "mine.yaml")
	if code != 1 || !strings.Contains(errs, "authconform profile init: mine.yaml exists; pass --force to overwrite it") {
		t.Errorf("init over an existing file: got %d, %q; want 1 and the refusal", code, errs)
	}
	if b, _ := os.ReadFile("mine.yaml"); string(b) != "# mine\n" {
		t.Errorf("init without --force changed the file: %q", b)
	}
	if code, _, errs = runCmd(t, "profile", "init", "mine.yaml", "--force"); code != 0 {
		t.Fatalf("init --force: exit code %d (stderr: %s)", code, errs)
	}
	if b, _ := os.ReadFile("mine.yaml"); !bytes.Equal(b, profile.Starter()) {
		t.Error("init --force did not write the starter")
	}

	code, out, _ = runCmd(t, "profile", "init", "-")
	if code != 0 || out != string(profile.Starter()) {
		t.Errorf("init -: got %d and %d bytes; want 0 and the starter on stdout", code, len(out))
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`init - wrote a file named "-"`)
	}
}

func TestProfileCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(good, profile.Starter(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "profile", "check", good)
	if code != 0 {
		t.Fatalf("exit code: got %d; want 0 (stderr: %s)", code, errs)
	}
	for _, want := range []string{good + ": a valid profile", "http://localhost:5173/", "fronting", "cookie style",
		"login POST /auth/login, refresh POST /auth/refresh, logout POST /auth/logout",
		"fill #password, #username; click #login-button; done when #dashboard shows",
		"click #load-button", "when #logged-out shows", "error shown (#app-error)", "3 canned bodies"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}

	bad := filepath.Join(dir, "bad.yaml")
	src := strings.Replace(string(profile.Starter()), "  submit: \"#login-button\"\n", "", 1)
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	line := strings.Count(src[:strings.Index(src, "  fill:\n")], "\n") + 1
	code, out, errs = runCmd(t, "profile", "check", bad)
	if code != 1 || out != "" {
		t.Errorf("check of a bad profile: got %d and stdout %q; want 1 and nothing", code, out)
	}
	want := "profile: " + bad + ":" + strconv.Itoa(line) + ": login.submit: required with login.fill\n" +
		"authconform profile check: " + bad + " is not a valid profile (1 problem)\n"
	if errs != want {
		t.Errorf("stderr: got %q; want %q", errs, want)
	}

	code, _, errs = runCmd(t, "profile", "check", filepath.Join(dir, "none.yaml"))
	if code != 1 || !strings.Contains(errs, "none.yaml: no such file or directory") {
		t.Errorf("check of a missing file: got %d, %q", code, errs)
	}
}

func TestProfileUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", []string{"profile"}, "authconform profile init [--force] [FILE]"},
		{"unknown subcommand", []string{"profile", "lint"}, `authconform profile: unknown command "lint" (want init or check)`},
		{"check without a file", []string{"profile", "check"}, "want the profile's file: authconform profile check FILE"},
		{"check two files", []string{"profile", "check", "a.yaml", "b.yaml"}, `unexpected argument "b.yaml"`},
		{"init two files", []string{"profile", "init", "a.yaml", "b.yaml"}, `unexpected argument "b.yaml"`},
		{"init unknown flag", []string{"profile", "init", "--overwrite"}, "flag provided but not defined: -overwrite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tt.args...)
			if code != 2 {
				t.Errorf("exit code: got %d; want 2 (stderr: %s)", code, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr: got %q; want it to contain %q", errs, tt.want)
			}
		})
	}
}

// appProfile speaks a contract unlike the default in every way serve
// passes on.
const appProfile = `version: 1
app: {url: "http://localhost:5173"}
auth:
  style: bearer
  login: {path: /v1/session, method: put}
  refresh: {path: /v1/session/refresh}
  logout: {path: /v1/session/end}
  api_prefix: /v1/
  fields: {username: email, access: jwt}
  access_header: X-Access-Token
user: {name: bob, password: secret}
api:
  /v1/items: [{id: 7, name: Kettle}]
login: {fill: {"#email": "{{username}}"}, submit: "#go", done: "#home"}
burst: {click: "#load"}
logged_out: {selector: "#out"}
`

func TestServeProfile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "app.yaml")
	if err := os.WriteFile(file, []byte(appProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	var errb bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--profile", file}, pw, &errb)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v", err)
	}
	base := strings.TrimPrefix(strings.TrimSpace(line), "listening on ")
	go io.Copy(io.Discard, pr)

	do := func(method, path, body string, header ...string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}

	// The profile's user logs in with its method, path and field names.
	res, body := do("PUT", "/v1/session", `{"email":"bob","password":"secret"}`, "Content-Type", "application/json")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login: got %d %s; want 200", res.StatusCode, body)
	}
	var tokens map[string]any
	json.Unmarshal([]byte(body), &tokens)
	jwt, _ := tokens["jwt"].(string)
	if jwt == "" {
		t.Fatalf("login answer %s lacks the profile's access field jwt", body)
	}
	// Its canned body, for the bare token in its header.
	res, body = do("GET", "/v1/items", "", "X-Access-Token", jwt)
	if res.StatusCode != http.StatusOK || strings.TrimSpace(body) != `[{"id":7,"name":"Kettle"}]` {
		t.Errorf("canned route: got %d %s; want 200 and the profile's body", res.StatusCode, body)
	}
	// The app's origin may call it from a browser.
	res, _ = do("OPTIONS", "/v1/items", "", "Origin", "http://localhost:5173", "Access-Control-Request-Method", "GET")
	if got := res.Header.Get("Access-Control-Allow-Origin"); got != "http://localhost:5173" {
		t.Errorf("preflight from the app's origin: got %d, Access-Control-Allow-Origin %q; want the origin", res.StatusCode, got)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code: got %d; want 0 (stderr: %s)", code, errb.String())
	}
	for _, want := range []string{"allowing http://localhost:5173 (CORS); 1 canned API body", "log in as bob / secret", "login   PUT ", "/v1/session"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, errb.String())
		}
	}
}

func TestServeProfileErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "app.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(good, []byte(appProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(strings.Replace(appProfile, "version: 1", "version: 2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"style and profile", []string{"serve", "--profile", good, "--style", "cookie"}, "authconform serve: --style: the profile sets the style (auth.style)"},
		{"bad profile", []string{"serve", "--profile", bad}, "authconform serve: profile: " + bad + ":1: version: want 1 (this authconform reads profile version 1)\n"},
		{"missing profile", []string{"serve", "--profile", filepath.Join(dir, "none.yaml")}, "none.yaml: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCmd(t, tt.args...)
			if code != 2 {
				t.Errorf("exit code: got %d; want 2 (stderr: %s)", code, errs)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("stderr: got %q; want it to contain %q", errs, tt.want)
			}
		})
	}
}
