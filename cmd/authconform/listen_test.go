package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/authconform/authconform/internal/leakcheck"
)

// TestServePortTaken: serve on a port another socket holds exits at once
// with status 1 and an error naming the address, having listened on
// nothing and left nothing running.
func TestServePortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	leakcheck.Cleanup(t)
	addr := l.Addr().String()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out, errb bytes.Buffer
	start := time.Now()
	code := run(ctx, []string{"serve", "--addr", addr}, &out, &errb)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("serve took %v to give up; want it at once", took)
	}
	if code != 1 {
		t.Errorf("exit code: got %d; want 1 (stderr: %s)", code, errb.String())
	}
	for _, want := range []string{"authconform serve: ", addr, "address already in use"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr %q; want it to contain %q", errb.String(), want)
		}
	}
	if out.Len() > 0 {
		t.Errorf("stdout %q; want nothing (no \"listening on\" line)", out.String())
	}
}
