package browser

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"
)

// shared is the one browser the package's tests use, started by the first
// test that needs it and closed by TestMain.
var shared = &Browser{}

func TestMain(m *testing.M) {
	code := m.Run()
	if err := shared.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

var startOnce sync.Once

// browser returns the shared browser, started; the first call logs how long
// the start took.
func browser(tb testing.TB) *Browser {
	tb.Helper()
	startOnce.Do(func() {
		start := time.Now()
		if err := shared.Start(context.Background()); err != nil {
			tb.Fatal(err)
		}
		tb.Logf("browser start: %v", time.Since(start).Round(time.Millisecond))
	})
	if err := shared.Start(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return shared
}

// standin serves the stand-in app in testdata/standin.
func standin() http.Handler { return http.FileServer(http.Dir("testdata/standin")) }

// appDriver returns a driver for the reference web app in variant, closed
// when the test ends.
func appDriver(tb testing.TB, b *Browser, variant string) *Driver {
	tb.Helper()
	d := New(b, variant)
	tb.Cleanup(func() { d.Close() })
	return d
}
