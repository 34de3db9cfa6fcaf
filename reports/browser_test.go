package reports_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/authconform/authconform/reports"
)

// chromiumPath finds Chromium: Debian's binary, then the usual names.
func chromiumPath() (string, error) {
	if _, err := os.Stat("/usr/lib/chromium/chromium"); err == nil {
		return "/usr/lib/chromium/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found; install it with: apt-get update && apt-get install -y chromium")
}

// startChromium starts a headless Chromium whose temporary files all go
// under one folder, and stops it when the test ends, checking that it
// exited and left nothing behind.
func startChromium(t *testing.T) context.Context {
	t.Helper()
	path, err := chromiumPath()
	if err != nil {
		if testing.Short() {
			t.Skip(err)
		}
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "reports-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.DisableGPU, chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.Env("TMPDIR="+dir), chromedp.WindowSize(1500, 1000),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("no-pings", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		os.RemoveAll(dir)
		t.Fatalf("starting Chromium: %v", err)
	}
	pid := chromedp.FromContext(bctx).Browser.Process().Pid
	t.Cleanup(func() {
		cctx, cancel := context.WithTimeout(bctx, 10*time.Second)
		if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("closing Chromium: %v", err)
		}
		cancel()
		cancelBrowser()
		cancelAlloc()
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Errorf("Chromium (pid %d) still runs after the test", pid)
			syscall.Kill(pid, syscall.SIGKILL)
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("removing Chromium's folder: %v", err)
		}
	})
	return bctx
}

// pageCheck is what the test reads from a rendered page.
type pageCheck struct {
	Status     string  `json:"status"`
	MatrixRows int     `json:"matrixRows"`
	Cells      int     `json:"cells"`
	M1RJ1      string  `json:"m1rj1"`
	SVGWidth   float64 `json:"svgWidth"`
	SVGHeight  float64 `json:"svgHeight"`
	SVGRight   float64 `json:"svgRight"`
	Pending    int     `json:"pending"`
	PendRight  float64 `json:"pendRight"`
	Resources  int     `json:"resources"`
	Lanes      int     `json:"lanes"`
}

const checkJS = `(() => {
	const q = s => document.querySelector(s);
	const svg = q('section.record details[open] svg.tl');
	const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0, right: 0};
	const pend = svg ? [...svg.querySelectorAll('rect.pend')] : [];
	const m1 = [...document.querySelectorAll('table.matrix tbody tr')].find(r => r.cells[0].textContent === 'go:M1');
	const rj1 = [...document.querySelectorAll('table.matrix thead th')].findIndex(th => th.textContent.startsWith('RJ-1'));
	return {
		status: q('#status').textContent,
		matrixRows: document.querySelectorAll('table.matrix tbody tr').length,
		cells: document.querySelectorAll('table.matrix tbody td').length,
		m1rj1: m1 && rj1 > 0 ? m1.cells[rj1].className : '',
		svgWidth: box.width, svgHeight: box.height, svgRight: box.right,
		pending: pend.length,
		pendRight: Math.max(0, ...pend.map(r => r.getBoundingClientRect().right)),
		resources: performance.getEntriesByType('resource').length,
		lanes: svg ? svg.querySelectorAll('text.lane').length : 0,
	};
})()`

// render opens a report in a new tab, collects console errors while it
// loads, reads the page and saves a screenshot.
func render(t *testing.T, bctx context.Context, res reports.Results, name string) pageCheck {
	t.Helper()
	page, err := reports.HTML(res)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, name+".html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	tctx, cancel := chromedp.NewContext(bctx)
	defer cancel()
	tctx, cancelT := context.WithTimeout(tctx, time.Minute)
	defer cancelT()
	lctx, stopListening := context.WithCancel(tctx)
	messages := chromedp.Console(lctx)
	if err := chromedp.Do(tctx, chromedp.Navigate("file://"+file)); err != nil {
		t.Fatalf("opening the report: %v", err)
	}
	got, err := chromedp.Run(tctx, chromedp.Evaluate[pageCheck](checkJS))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	shot, err := chromedp.Run(tctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	png := filepath.Join(dir, name+".png")
	if err := os.WriteFile(png, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", png, len(shot))
	if keep := os.Getenv("REPORTS_SCREENSHOTS"); keep != "" { // to look at it after the test
		os.WriteFile(filepath.Join(keep, name+".png"), shot, 0o644)
	}
	time.AfterFunc(200*time.Millisecond, stopListening)
	for m, err := range messages {
		if err != nil {
			break
		}
		if m.Type == chromedp.ConsoleError || m.IsException() {
			t.Errorf("console: %s", m)
		}
	}
	return got
}

func TestHTMLInChromium(t *testing.T) {
	bctx := startChromium(t)

	t.Run("sample", func(t *testing.T) {
		got := render(t, bctx, sample(), "report")
		if got.Status != "FAIL" {
			t.Errorf("status: got %q; want FAIL", got.Status)
		}
		if got.MatrixRows != 2 || got.Cells != 2*14 {
			t.Errorf("matrix: got %d rows, %d cells; want 2 rows (go, go:M1) of 14 rules", got.MatrixRows, got.Cells)
		}
		if got.M1RJ1 != "fail" {
			t.Errorf("matrix cell go:M1 × RJ-1: got class %q; want fail", got.M1RJ1)
		}
		if got.SVGWidth < 600 || got.SVGHeight < 100 {
			t.Errorf("timeline size: got %.0f×%.0f; want at least 600×100", got.SVGWidth, got.SVGHeight)
		}
		if got.Pending != 5 {
			t.Errorf("pending bars in the go:M1 timeline: got %d; want 5", got.Pending)
		}
		if got.PendRight < got.SVGRight-25 {
			t.Errorf("pending bars end at x=%.0f; want them to run to the timeline's edge (%.0f)", got.PendRight, got.SVGRight)
		}
		if got.Resources != 0 {
			t.Errorf("the page loaded %d resources; want none", got.Resources)
		}
	})

	t.Run("10000 calls", func(t *testing.T) {
		got := render(t, bctx, large(10000), "large")
		if got.SVGWidth < 600 || got.SVGHeight < 100 {
			t.Errorf("timeline size: got %.0f×%.0f; want at least 600×100", got.SVGWidth, got.SVGHeight)
		}
		if got.Lanes > 20 {
			t.Errorf("lanes: got %d; want the calls aggregated into a few", got.Lanes)
		}
	})
}

// TestChromiumLeavesNothing: the folders Chromium and chromedp create in
// the system's temporary folder are gone once the browser test ends.
func TestChromiumLeavesNothing(t *testing.T) {
	before := leftovers(t)
	t.Run("browser", func(t *testing.T) {
		bctx := startChromium(t)
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[int]("1+1")); err != nil {
			t.Fatal(err)
		}
	})
	for _, f := range leftovers(t) {
		if !strings.Contains(strings.Join(before, "\n"), f) {
			t.Errorf("left behind in %s: %s", os.TempDir(), f)
		}
	}
}

func leftovers(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, pat := range []string{"org.chromium.Chromium.*", "chromedp-runner*", "reports-chromium-*"} {
		m, err := filepath.Glob(filepath.Join(os.TempDir(), pat))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, m...)
	}
	return out
}
