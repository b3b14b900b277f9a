// Package console is a local AWS console for the embedded emulator: the SQS
// and SNS pages the lesson's slides walk through (create a queue, send and
// poll messages, a dead-letter queue, a topic, a subscription, the queue
// policy), served by `grader serve` under /console/.
//
// The console is one more client. It changes state only through
// aws-sdk-go-v2 SQS and SNS clients pointed at the emulator in process, with
// the shown account's id as access key id, so what it does is what the API
// does and an invalid input shows AWS's own error. It reads the emulator
// only through its read-only inspection (accounts, queues with their
// counts, topics, subscriptions).
//
// Threat model: the console listens where the emulator does, usually
// loopback, and any web page the learner visits can make their browser send
// requests to it. So every state-changing request is a POST that must carry
// the per-server token (embedded in the console's own forms) and come from
// the console's own origin; GET requests change nothing; the Host must be an
// IP address or localhost (a DNS-rebinding name gets 403). Every value a
// client sent is rendered by html/template, escaped, and a strict
// Content-Security-Policy allows no inline script.
package console

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator"
)

// Prefix is the path the console is served under.
const Prefix = "/console/"

// DefaultAccount is the account the console shows first: the one every
// access key that is not 12 digits acts in, and the one the docs use.
const DefaultAccount = "000000000000"

// Config says where the emulator the console drives is reachable.
type Config struct {
	// Endpoint is the emulator's URL as clients use it
	// (http://127.0.0.1:4566): queue URLs the console shows start with it.
	Endpoint string
	// Region the console acts in. Default us-east-1.
	Region string
}

// Console serves the console's pages. It is an http.Handler for paths under
// Prefix.
type Console struct {
	emu      *emulator.Emulator
	cfg      Config
	token    string
	mux      *http.ServeMux
	pages    pages
	mu       sync.Mutex
	accounts map[string]clients
}

type clients struct {
	sqs *sqs.Client
	sns *sns.Client
}

// New returns the console for emu. Its token, which every form carries, is
// new for each Console.
func New(emu *emulator.Emulator, cfg Config) *Console {
	if cfg.Region == "" {
		cfg.Region = emulator.DefaultRegion
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = "http://127.0.0.1:4566"
	}
	c := &Console{emu: emu, cfg: cfg, token: newToken(), pages: parsePages(), accounts: map[string]clients{}}
	c.mux = c.routes()
	return c
}

func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}

// clientsFor returns SDK clients acting in account: a 12-digit access key
// id is the account id, to the emulator as to LocalStack.
func (c *Console) clientsFor(account string) clients {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cl, ok := c.accounts[account]; ok {
		return cl
	}
	cfg := aws.Config{
		Region:           c.cfg.Region,
		Credentials:      credentials.NewStaticCredentialsProvider(account, "console", ""),
		HTTPClient:       c.emu.Client(),
		BaseEndpoint:     aws.String(c.cfg.Endpoint),
		RetryMaxAttempts: 1,
	}
	cl := clients{sqs: sqs.NewFromConfig(cfg), sns: sns.NewFromConfig(cfg)}
	c.accounts[account] = cl
	return cl
}

// ServeHTTP guards every request (host, and for POST the token and origin),
// sets the security headers and routes it.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
	if !hostAllowed(r.Host) {
		http.Error(w, "console: this host name is not served (open it at 127.0.0.1 or localhost)", http.StatusForbidden)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		if msg := c.refusePost(r); msg != "" {
			http.Error(w, "console: "+msg, http.StatusForbidden)
			return
		}
	default:
		http.Error(w, "console: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	c.mux.ServeHTTP(w, r)
}

// refusePost says why a POST may not change anything, or "" when it may:
// it must come from this origin and carry this server's token.
func (c *Console) refusePost(r *http.Request) string {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return "cross-site request refused"
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = r.Header.Get("Referer")
	}
	u, err := url.Parse(origin)
	if origin == "" || err != nil || u.Host != r.Host || (u.Scheme != "http" && u.Scheme != "https") {
		return "request from another origin refused"
	}
	r.Body = http.MaxBytesReader(nil, r.Body, 2<<20)
	if err := r.ParseForm(); err != nil {
		return "unreadable form"
	}
	if subtle.ConstantTimeCompare([]byte(r.PostForm.Get("_token")), []byte(c.token)) != 1 {
		return "missing or stale form token: reload the page and try again"
	}
	return ""
}

// hostAllowed accepts IP literals and localhost, so that a DNS-rebinding
// name pointed at 127.0.0.1 cannot read a page (and its token).
func hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	return host == "localhost" || strings.HasSuffix(host, ".localhost") || net.ParseIP(host) != nil
}

// validAccount reports whether s is a 12-digit account id.
func validAccount(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
