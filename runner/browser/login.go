package browser

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// Login fills the login form with the run's user, submits it with a click
// and waits until the dashboard or the login error shows. From the
// logged-out view it first clicks #login-again when the view offers it.
func (s *session) Login(ctx context.Context) error {
	limit := min(LoginTimeout, remainingOr(ctx, LoginTimeout))
	c, cancel := s.bound(ctx, LoginTimeout)
	defer cancel()
	fail := func(step string, err error) error {
		if c.Err() != nil {
			return fmt.Errorf("browser: login: %s: timed out after %v", step, limit)
		}
		return fmt.Errorf("browser: login: %s: %w", step, err)
	}

	view, err := chromedp.Run(c, chromedp.Evaluate[string](`(() => { `+visibleJS+`
		return visible("username") && visible("password") && visible("login-button") ? "form"
			: visible("login-again") ? "again" : "none"; })()`))
	if err != nil {
		return fail("finding the form", err)
	}
	if view == "again" {
		if err := chromedp.Do(c, clickID("login-again")); err != nil {
			return fail("clicking #login-again", err)
		}
		// Poll after the click: a change made before the poll starts is
		// seen by its first check, one made later by its observer.
		view, err = chromedp.Run(c, chromedp.PollFunction[string](`() => { `+visibleJS+`
			return visible("username") && visible("password") && visible("login-button") ? "form" : false; }`,
			chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(remaining(c))))
		if err != nil && !errors.Is(err, chromedp.ErrPollingTimeout) {
			return fail("waiting for the form", err)
		}
	}
	if view != "form" {
		return errors.New("browser: login: the login form (#username, #password, #login-button) is not visible")
	}

	// Type as an input method does (one input event per field), then
	// click the button with the mouse.
	u := s.env.User
	err = chromedp.Do(c,
		chromedp.Evaluate[chromedp.Void](`for (const id of ["username", "password"]) document.getElementById(id).value = ""`),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("username").focus()`),
		insertText(u.Name),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("password").focus()`),
		insertText(u.Password),
		clickID("login-button"),
	)
	if err != nil {
		return fail("filling the form", err)
	}
	out, err := chromedp.Run(c, chromedp.PollFunction[string](`() => { `+visibleJS+`
		return visible("dashboard") ? "ok"
			: visible("login-error") ? "error: " + document.getElementById("login-error").textContent.trim()
			: false; }`, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(remaining(c))))
	switch {
	case errors.Is(err, chromedp.ErrPollingTimeout) || (err != nil && c.Err() != nil):
		return fmt.Errorf("browser: login: neither #dashboard nor #login-error showed within %v", limit)
	case err != nil:
		return fail("waiting for the outcome", err)
	case out != "ok":
		return fmt.Errorf("browser: login: the app showed %q", strings.TrimPrefix(out, "error: "))
	}
	return nil
}

// insertText types text into the focused element, as an input method
// does: one input event, whatever the text's length.
func insertText(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
		return err
	})
}

// clickID clicks the middle of the element with the id, with the mouse. It
// finds the element with a script rather than chromedp's DOM queries, which
// depend on the DOM tree chromedp mirrors and can stall on a busy machine.
func clickID(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		type point struct {
			X float64 `json:"x"`
			Y float64 `json:"y"`
		}
		p, err := chromedp.Evaluate[*point](`(() => {
			const e = document.getElementById(`+jsString(id)+`);
			if (!e) return null;
			e.scrollIntoView({ block: "center", inline: "center" });
			const r = e.getBoundingClientRect();
			return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
		})()`)(ctx, t)
		if err != nil {
			if errors.Is(err, chromedp.ErrJSNull) {
				return fmt.Errorf("no element #%s", id)
			}
			return err
		}
		_, err = chromedp.MouseClickXY(p.X, p.Y)(ctx, t)
		return err
	})
}

// remainingOr returns the time left before ctx's deadline, or def when it
// has none.
func remainingOr(ctx context.Context, def time.Duration) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		return max(time.Until(dl), 0)
	}
	return def
}
