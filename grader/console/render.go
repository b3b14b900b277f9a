package console

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/console.js
var consoleJS []byte

// pages holds each page's template, parsed with the layout.
type pages map[string]*template.Template

var funcs = template.FuncMap{
	"epoch":    fmtEpoch,
	"time":     func(t time.Time) string { return t.UTC().Format("01/02/2006, 15:04:05 MST") },
	"duration": fmtSeconds,
	"bytes":    fmtBytes,
	"arnName":  arnName, // an ARN's last part: a subscription's id
	"attr": func(m map[string]string, k string) string {
		if v, ok := m[k]; ok && v != "" {
			return v
		}
		return "-"
	},
	"sorted": sortedKeys,
	"split":  strings.Fields,
}

func parsePages() pages {
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		panic(err)
	}
	p := pages{}
	for _, e := range entries {
		name := e.Name()
		if name == "layout.html" {
			continue
		}
		p[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name))
	}
	return p
}

// view is what every page's template gets.
type view struct {
	Title string
	// Nav is the console half the page belongs to: "sqs" or "sns".
	Nav      string
	Account  string
	Accounts []string
	Region   string
	Endpoint string
	Token    string
	// Base is /console/<account>: every link of the page starts with it.
	Base   string
	Crumbs []crumb
	Flash  string
	// Error is an action's failure: AWS's own code and message.
	Error *apiErr
	Data  any
	// Faults are the emulator's active fault-injection rules, shown on the
	// queue and topic lists.
	Faults []faultRow
}

type crumb struct{ Name, Href string }

type apiErr struct{ Action, Code, Message string }

// req is one request as a handler sees it.
type req struct {
	w       http.ResponseWriter
	r       *http.Request
	account string
	cl      clients
	c       *Console
}

func (q *req) base() string { return Prefix + q.account }

func (q *req) view(nav, title string, data any, crumbs ...crumb) *view {
	v := &view{
		Title: title, Nav: nav, Account: q.account, Accounts: q.c.accountList(q.account),
		Region: q.c.cfg.Region, Endpoint: q.c.cfg.Endpoint, Token: q.c.token,
		Base: q.base(), Crumbs: crumbs, Data: data,
	}
	if code := q.r.URL.Query().Get("ok"); code != "" {
		v.Flash = flashText(code, q.r.URL.Query().Get("n"))
	}
	return v
}

// render writes a page; status is 200 unless the page shows a failure.
func (q *req) render(page string, v *view) {
	t, ok := q.c.pages[page]
	if !ok {
		panic("console: no page " + page)
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, "layout", v); err != nil {
		slog.Error("console: render", "page", page, "err", err)
		http.Error(q.w, "console: could not render "+page, http.StatusInternalServerError)
		return
	}
	q.w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if v.Error != nil {
		q.w.WriteHeader(http.StatusBadRequest)
	}
	_, _ = q.w.Write([]byte(b.String()))
}

// redirect sends the browser to path after a change (POST, then GET), with
// the flash message code ok about the resource n.
func (q *req) redirect(path, ok, n string) {
	u := q.base() + path
	if ok != "" {
		u += sep(u) + "ok=" + url.QueryEscape(ok) + "&n=" + url.QueryEscape(n)
	}
	http.Redirect(q.w, q.r, u, http.StatusSeeOther)
}

func sep(u string) string {
	if strings.Contains(u, "?") {
		return "&"
	}
	return "?"
}

// notFound is the page for a queue or topic that does not exist (or an
// API failure when loading one): AWS's error, and a way back.
func (q *req) failPage(nav, action string, err error, back crumb) {
	v := q.view(nav, action, nil, back)
	v.Error = toAPIErr(action, err)
	q.render("error.html", v)
}

// toAPIErr keeps what AWS said: the error code and its message, without the
// SDK's operation and request-id framing.
func toAPIErr(action string, err error) *apiErr {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return &apiErr{Action: action, Code: ae.ErrorCode(), Message: ae.ErrorMessage()}
	}
	return &apiErr{Action: action, Message: err.Error()}
}

// flashText is the confirmation shown after a change, as AWS words it.
func flashText(code, n string) string {
	f, ok := map[string]string{
		"queue-created":   "Queue %s created successfully.",
		"queue-updated":   "Queue %s updated successfully.",
		"queue-deleted":   "Queue %s deleted successfully.",
		"queue-purged":    "Queue %s purged successfully.",
		"policy-saved":    "Access policy of %s saved.",
		"tags-saved":      "Tags of %s saved.",
		"sent":            "Your message has been sent and is ready to be received. Message ID: %s",
		"deleted":         "%s message(s) deleted.",
		"subscribed":      "Subscription created successfully: %s",
		"redrive":         "DLQ redrive started. Task handle: %s",
		"redrive-cancel":  "DLQ redrive cancelled: %s",
		"topic-created":   "Topic %s created successfully.",
		"topic-deleted":   "Topic %s deleted successfully.",
		"topic-updated":   "Topic %s updated successfully.",
		"published":       "Message published to topic successfully. Message ID: %s",
		"unsubscribed":    "Subscription %s deleted successfully.",
		"sub-updated":     "Subscription %s updated successfully.",
		"confirmed":       "Subscription confirmed: %s",
		"account-changed": "Showing account %s.",
		"reset":           "Reset %s deleted.",
	}[code]
	if !ok {
		return ""
	}
	return fmt.Sprintf(f, n)
}

// accountList is every account with resources, and the one shown.
func (c *Console) accountList(current string) []string {
	acc := c.emu.Accounts()
	for _, a := range acc {
		if a == current {
			return acc
		}
	}
	acc = append(acc, current)
	sort.Strings(acc)
	return acc
}

func fmtEpoch(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || s == "" {
		return "-"
	}
	return time.Unix(n, 0).UTC().Format("01/02/2006, 15:04:05 MST")
}

func fmtSeconds(s string) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return "-"
	}
	switch {
	case n >= 86400 && n%86400 == 0:
		return plural(n/86400, "day")
	case n >= 3600 && n%3600 == 0:
		return plural(n/3600, "hour")
	case n >= 60 && n%60 == 0:
		return plural(n/60, "minute")
	}
	return plural(n, "second")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

func fmtBytes(n int) string {
	if n >= 1024 && n%1024 == 0 {
		return strconv.Itoa(n/1024) + " KiB"
	}
	return plural(n, "byte")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func fmtMillis(ms int64) string {
	if ms == 0 {
		return "-"
	}
	return time.UnixMilli(ms).UTC().Format("01/02/2006, 15:04:05 MST")
}
