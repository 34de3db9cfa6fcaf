package process

import (
	"time"

	"github.com/authconform/authconform/runner"
)

// Version is the protocol version this harness speaks. Additive changes
// (a new optional field, a new event) keep it; anything a version-1 client
// could misread bumps it. docs/process-protocol.md is the specification.
const Version = 1

// The message types. Every message is one JSON object on one line, with
// its type in "type".
const (
	typeHello    = "hello"    // both ways: the harness's set-up, the client's answer
	typeLogin    = "login"    // harness → client, answered by a reply
	typeRequest  = "request"  // harness → client, answered by a reply when it settles
	typeState    = "state"    // harness → client, answered by a reply
	typeShutdown = "shutdown" // harness → client: exit now; no answer
	typeReply    = "reply"    // client → harness: the answer to a command's id
	typeEvent    = "event"    // client → harness: something the client did by itself
)

// EventLogout is the event a client sends when it logs the user out by
// itself (its logout hook fired).
const EventLogout = "logout"

// hello is the harness's first message.
type hello struct {
	Type    string `json:"type"`
	Version int    `json:"version"`
	// Server is the fake auth server, http://127.0.0.1:PORT; request paths
	// are relative to it.
	Server   string   `json:"server"`
	Style    string   `json:"style"`
	Contract contract `json:"contract"`
	// The timeouts the client should give its own refresh and logout
	// calls, and how long it has to exit after a shutdown.
	RefreshTimeoutMS int64 `json:"refresh_timeout_ms"`
	LogoutTimeoutMS  int64 `json:"logout_timeout_ms"`
	ShutdownMS       int64 `json:"shutdown_ms"`
}

// contract is the auth contract the server speaks (fakeauth.Contract),
// every field filled.
type contract struct {
	LoginPath         string `json:"login_path"`
	RefreshPath       string `json:"refresh_path"`
	LogoutPath        string `json:"logout_path"`
	MePath            string `json:"me_path"`
	APIPrefix         string `json:"api_prefix"`
	AccessCookie      string `json:"access_cookie"`
	RefreshCookie     string `json:"refresh_cookie"`
	RefreshCookiePath string `json:"refresh_cookie_path"`
	AccessField       string `json:"access_field"`
	RefreshField      string `json:"refresh_field"`
	UsernameField     string `json:"username_field"`
	PasswordField     string `json:"password_field"`
}

func newHello(env runner.Env, shutdown time.Duration) hello {
	c := env.Contract
	return hello{
		Type:    typeHello,
		Version: Version,
		Server:  env.ServerURL,
		Style:   string(c.Style),
		Contract: contract{
			LoginPath: c.LoginPath, RefreshPath: c.RefreshPath, LogoutPath: c.LogoutPath, MePath: c.MePath,
			APIPrefix: c.APIPrefix, AccessCookie: c.AccessCookie, RefreshCookie: c.RefreshCookie,
			RefreshCookiePath: c.RefreshCookiePath, AccessField: c.AccessField, RefreshField: c.RefreshField,
			UsernameField: c.UsernameField, PasswordField: c.PasswordField,
		},
		RefreshTimeoutMS: env.RefreshTimeout.Milliseconds(),
		LogoutTimeoutMS:  env.LogoutTimeout.Milliseconds(),
		ShutdownMS:       shutdown.Milliseconds(),
	}
}

// login asks the client to log in.
type login struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	Username string `json:"username"`
	Password string `json:"password"`
}

// request asks the client to make one application request through its
// interceptor.
type request struct {
	Type   string `json:"type"`
	ID     string `json:"id"`
	Method string `json:"method"`
	// Path is relative to the server, or an absolute URL of another origin.
	Path string `json:"path"`
}

// command is a command with nothing but an id (state), or neither
// (shutdown).
type command struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
}

// incoming is any message from the client: the union of the fields of
// hello, reply and event. Unknown fields are ignored.
type incoming struct {
	Type string `json:"type"`
	// hello
	Version int    `json:"version"`
	Name    string `json:"name"`
	// reply
	ID     string     `json:"id"`
	Status int        `json:"status"`
	Error  string     `json:"error"`
	State  *wireState `json:"state"`
	// event
	Event  string `json:"event"`
	Detail string `json:"detail"`
}

// wireState is a client's auth state as the protocol carries it.
type wireState struct {
	LoggedOut bool `json:"logged_out"`
	// Credentials lists what the client still holds, each starting with
	// "access" or "refresh" ("refresh (cookie)").
	Credentials []string `json:"credentials"`
	// Logouts counts the logouts the client fired; when absent the harness
	// counts the client's logout events.
	Logouts *int `json:"logouts"`
}
