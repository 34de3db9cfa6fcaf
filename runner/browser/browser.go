package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"
)

// InstallCommand installs Chromium on Debian and Ubuntu; errors about a
// missing browser quote it.
const InstallCommand = "apt-get update && apt-get install -y chromium"

// DefaultExecPath is where Debian's chromium package puts the browser itself
// (/usr/bin/chromium is a wrapper script around it).
const DefaultExecPath = "/usr/lib/chromium/chromium"

// execNames are looked up in PATH when DefaultExecPath does not exist.
var execNames = []string{"chromium", "chromium-browser", "google-chrome"}

// Default timeouts of a Browser.
const (
	DefaultStartTimeout = 30 * time.Second
	DefaultCloseTimeout = 3 * time.Second
)

var (
	// ErrNoChromium is wrapped by the error of a Browser that finds no
	// Chromium to run; the error says how to install it.
	ErrNoChromium = errors.New("browser: Chromium not found")
	// ErrClosed is returned by a Browser used after Close.
	ErrClosed = errors.New("browser: closed")
)

// Browser is one headless Chromium, started on first use and shared by every
// tab of the process. The zero value is ready to use. A Browser is safe for
// concurrent use; Close it when the process is done with it.
type Browser struct {
	// ExecPath is the browser binary: a path, or a name looked up in PATH.
	// Empty means DefaultExecPath if it exists, else the first of
	// chromium, chromium-browser and google-chrome found in PATH.
	ExecPath string
	// StartTimeout bounds the start of the browser (DefaultStartTimeout
	// when zero); CloseTimeout bounds its graceful shutdown, after which
	// it is killed (DefaultCloseTimeout when zero).
	StartTimeout, CloseTimeout time.Duration

	mu      sync.Mutex
	ready   chan struct{} // closed when the start has finished, well or not
	closed  bool
	err     error // why the start failed
	tmp     string
	bctx    context.Context
	acancel context.CancelFunc // stops the allocator and waits for it
	out     tail               // the browser's last words, for errors

	closeOnce sync.Once
	closeErr  error
}

// Start starts the browser if it has not started yet and waits until it
// runs or ctx ends. The browser's life is not tied to ctx: a spec's context
// may start the browser that every later spec uses.
func (b *Browser) Start(ctx context.Context) error {
	_, err := b.context(ctx)
	return err
}

// context returns the chromedp context of the running browser, starting it
// on the first call. A failed start is final: the error is returned again.
func (b *Browser) context(ctx context.Context) (context.Context, error) {
	ready := b.begin()
	if ready == nil {
		return nil, ErrClosed
	}
	select {
	case <-ready:
	case <-ctx.Done():
		return nil, fmt.Errorf("browser: waiting for Chromium to start: %w", ctx.Err())
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.closed:
		return nil, ErrClosed
	case b.err != nil:
		return nil, b.err
	case b.bctx.Err() != nil:
		return nil, fmt.Errorf("browser: Chromium has exited%s", b.out.suffix())
	}
	return b.bctx, nil
}

// begin starts the browser on the first call and returns a channel closed
// when the start has finished; nil after Close.
func (b *Browser) begin() chan struct{} {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	if b.ready == nil {
		b.ready = make(chan struct{})
		go b.start()
	}
	return b.ready
}

// start launches Chromium; it runs once, on its own goroutine, and closes
// b.ready when done.
func (b *Browser) start() {
	defer close(b.ready)
	fail := func(err error) {
		b.mu.Lock()
		b.err = err
		b.mu.Unlock()
	}
	path, err := b.execPath()
	if err != nil {
		fail(err)
		return
	}
	// Everything the browser writes goes into one folder, removed on
	// Close: its profile, its TMPDIR (Chromium leaves org.chromium.* files
	// there even after a clean exit) and its config and cache folders (its
	// crash handler keeps a database there).
	tmp, err := makeFolder()
	if err != nil {
		fail(fmt.Errorf("browser: %w", err))
		return
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Env("TMPDIR="+tmp, "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache")),
		chromedp.CombinedOutput(&b.out),
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-pings", true),
	)
	// The browser lives until Close, whoever asked first: its context
	// descends from Background, never from a caller's.
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, _ := chromedp.NewContext(actx)
	b.mu.Lock()
	b.tmp, b.bctx, b.acancel = tmp, bctx, acancel
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return // Close is waiting to clean up
	}

	timeout := orDefault(b.StartTimeout, DefaultStartTimeout)
	timer := time.AfterFunc(timeout, acancel)
	launches.Add(1)
	err = chromedp.Do(bctx)
	expired := !timer.Stop()
	if err == nil && !expired {
		return
	}
	acancel()
	if expired {
		err = fmt.Errorf("browser: %s did not start within %v%s", path, timeout, b.out.suffix())
	} else {
		err = fmt.Errorf("browser: starting %s: %w%s", path, err, b.out.suffix())
	}
	fail(err)
}

// execPath finds the browser binary, or says how to install one.
func (b *Browser) execPath() (string, error) {
	if b.ExecPath != "" {
		p, err := exec.LookPath(b.ExecPath)
		if err != nil {
			return "", fmt.Errorf("%w at %s (%v); install it with: %s", ErrNoChromium, b.ExecPath, err, InstallCommand)
		}
		return p, nil
	}
	if _, err := os.Stat(DefaultExecPath); err == nil {
		return DefaultExecPath, nil
	}
	for _, name := range execNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w (looked for %s, and %s in PATH); install it with: %s",
		ErrNoChromium, DefaultExecPath, strings.Join(execNames, ", "), InstallCommand)
}

// launches counts the Chromium launches of this process.
var launches atomic.Int64

// Launches returns how many times this process has launched Chromium, over
// every Browser, failed launches included: a suite process that shares one
// browser launches it once.
func Launches() int64 { return launches.Load() }

// PID returns the process ID of the running browser, or 0.
func (b *Browser) PID() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bctx == nil || b.err != nil {
		return 0
	}
	c := chromedp.FromContext(b.bctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return 0
	}
	return c.Browser.Process().Pid
}

// Close shuts the browser down (gracefully, then by force after
// CloseTimeout), waits for its processes to exit and removes its folders.
// It is idempotent and safe to call at any time from any goroutine,
// including a signal handler's or a watchdog's; a start in progress is
// aborted. Tabs still open are closed with the browser.
func (b *Browser) Close() error {
	b.closeOnce.Do(func() {
		b.mu.Lock()
		b.closed = true
		ready, acancel := b.ready, b.acancel
		b.mu.Unlock()
		if ready == nil {
			return // never started
		}
		if acancel != nil {
			select {
			case <-ready:
			default:
				acancel() // abort the start
			}
		}
		<-ready
		b.mu.Lock()
		bctx, acancel, tmp, failed := b.bctx, b.acancel, b.tmp, b.err != nil
		closeTimeout := b.CloseTimeout
		b.mu.Unlock()
		var errs []error
		if bctx != nil && !failed && bctx.Err() == nil {
			cctx, cancel := context.WithTimeout(bctx, orDefault(closeTimeout, DefaultCloseTimeout))
			if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				errs = append(errs, err)
			}
			cancel()
		}
		if acancel != nil {
			acancel() // kills the browser if still running and waits for it
		}
		if tmp != "" {
			killUsing(tmp) // its children, should any outlive it
			if err := os.RemoveAll(tmp); err != nil {
				errs = append(errs, err)
			}
		}
		if err := errors.Join(errs...); err != nil {
			b.closeErr = fmt.Errorf("browser: closing: %w", err)
		}
	})
	return b.closeErr
}

// Kill closes the browser without waiting for it to shut down gracefully:
// for a process that is about to exit (its parent died), where every
// millisecond counts.
func (b *Browser) Kill() error {
	b.mu.Lock()
	b.CloseTimeout = time.Nanosecond
	b.mu.Unlock()
	return b.Close()
}

// orDefault returns d, or def when d is not positive.
func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// tail keeps the last bytes a process wrote, for error messages.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 2048

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
	return len(p), nil
}

// suffix returns the output as the end of an error message, or "".
func (t *tail) suffix() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.buf))
	if s == "" {
		return ""
	}
	return "; its output ends with: " + s
}
