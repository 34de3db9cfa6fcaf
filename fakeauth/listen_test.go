package fakeauth_test

import (
	"net"
	"strings"
	"testing"

	"github.com/authconform/authconform/fakeauth"
	"github.com/authconform/authconform/internal/leakcheck"
)

// TestNonLoopbackRefused: every address a machine other than this one could
// reach is refused without Config.AllowNonLoopback, before anything listens,
// with an error naming the address and saying why.
func TestNonLoopbackRefused(t *testing.T) {
	leakcheck.Cleanup(t)
	for _, addr := range []string{
		"0.0.0.0:0",       // every IPv4 interface
		"[::]:0",          // every interface
		":0",              // the same, spelt short
		"192.0.2.1:0",     // some interface's address
		"[2001:db8::1]:0", // an IPv6 one
		"example.com:0",   // a name, which may resolve anywhere
		"127.0.0.1.nip.io:0",
	} {
		t.Run(addr, func(t *testing.T) {
			srv, err := fakeauth.NewServer(fakeauth.Config{Addr: addr})
			if err == nil {
				srv.Close()
				t.Fatalf("NewServer(%q) listened on %s; want a refusal", addr, srv.URL)
			}
			for _, want := range []string{addr, "not a loopback address", "allow it explicitly"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q; want it to contain %q", err, want)
				}
			}
		})
	}
	for _, addr := range []string{"127.0.0.1:0", "127.0.0.2:0", "localhost:0", "[::1]:0"} {
		t.Run(addr, func(t *testing.T) {
			srv, err := fakeauth.NewServer(fakeauth.Config{Addr: addr})
			if err != nil {
				if addr == "[::1]:0" && strings.Contains(err.Error(), "cannot assign") {
					t.Skip("no IPv6 loopback on this machine")
				}
				t.Fatalf("NewServer(%q): %v", addr, err)
			}
			defer srv.Close()
			host, _, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				t.Errorf("listening on %s; want a loopback address", srv.URL)
			}
		})
	}
}

// TestPortTaken: a server asked for a port another socket holds fails at
// once, naming the address, and leaves nothing running.
func TestPortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	leakcheck.Cleanup(t)
	addr := l.Addr().String()
	srv, err := fakeauth.NewServer(fakeauth.Config{Addr: addr})
	if err == nil {
		srv.Close()
		t.Fatalf("NewServer(%q) started on a taken port", addr)
	}
	for _, want := range []string{addr, "address already in use"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q; want it to contain %q", err, want)
		}
	}
	// The same through an unstarted server: Start fails, Close is harmless.
	u, err := fakeauth.NewUnstartedServer(fakeauth.Config{Addr: addr})
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Start(); err == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("Start on a taken port: got %v; want an error naming %s", err, addr)
	}
	u.Close()
}
