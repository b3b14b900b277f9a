// Package caller tells who sent a request to the emulator: the account (a
// 12-digit access key id is the account id, as LocalStack does; anything else
// is 000000000000), the region and service from the SigV4 credential scope,
// and the base URL the request reached, from which queue URLs are built.
package caller

import (
	"net/http"
	"strings"
)

// DefaultAccount is the account of requests whose access key id is not a
// 12-digit number.
const DefaultAccount = "000000000000"

// Caller is what the emulator knows of a request's sender.
type Caller struct {
	// AccessKeyID is the key id from the credential scope, or empty.
	AccessKeyID string
	// Account is the 12-digit account the request acts in.
	Account string
	// Region is the region from the credential scope, or the emulator's default.
	Region string
	// Service is the signing service name ("sqs", "sns"), or empty when unsigned.
	Service string
	// Scheme and Host are what the request reached ("http", "127.0.0.1:4566");
	// BaseURL joins them. They are kept apart so that the requests that
	// build no URL (most of them) pay nothing for one.
	Scheme, Host string
}

// BaseURL is scheme://host the request reached, without a trailing slash:
// the prefix of the queue URLs the emulator hands out.
func (c Caller) BaseURL() string { return c.Scheme + "://" + c.Host }

// FromRequest reads the caller of r. defaultRegion is used when the request
// carries no credential scope.
func FromRequest(r *http.Request, defaultRegion string) Caller {
	c := Caller{Account: DefaultAccount, Region: defaultRegion, Scheme: scheme(r), Host: r.Host}
	if c.Host == "" {
		c.Host = "localhost:4566"
	}
	scope, slash, n := scopeParts(credentialScope(r))
	if scope == "" {
		return c
	}
	c.AccessKeyID = scope[:slash[0]]
	if AccountFromAccessKey(c.AccessKeyID) != "" {
		c.Account = c.AccessKeyID
	}
	// A region counts only when a service follows it.
	if n >= 3 {
		if region := scope[slash[1]+1 : slash[2]]; region != "" {
			c.Region = region
		}
		if n == 3 {
			c.Service = scope[slash[2]+1:]
		} else {
			c.Service = scope[slash[2]+1 : slash[3]]
		}
	}
	return c
}

// AccountFromAccessKey returns the key itself when it is a 12-digit account
// id, else the empty string.
func AccountFromAccessKey(key string) string {
	if len(key) != 12 {
		return ""
	}
	for i := 0; i < len(key); i++ {
		if key[i] < '0' || key[i] > '9' {
			return ""
		}
	}
	return key
}

// scopeParts cuts a credential scope, AKID/date/region/service/aws4_request,
// from the text that starts with it (the rest of the Authorization header
// goes on after a comma or a space), and finds its first four slashes, in
// one pass and without allocating: this runs for every request. With no
// slash, slash[0] is the scope's length.
func scopeParts(text string) (scope string, slash [4]int, n int) {
	end := len(text)
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == ',' || c == ' ' {
			end = i
			break
		}
		if c == '/' && n < len(slash) {
			slash[n] = i
			n++
		}
	}
	if n == 0 {
		slash[0] = end
	}
	return text[:end], slash, n
}

// credentialScope returns the text the request's credential scope starts,
// from the Authorization header or, for a presigned request, the URL.
func credentialScope(r *http.Request) string {
	auth := header(r, "Authorization")
	// Every SigV4 client starts the header so; the search is for the rest.
	rest, ok := strings.CutPrefix(auth, "AWS4-HMAC-SHA256 Credential=")
	if !ok {
		if i := strings.Index(auth, "Credential="); i >= 0 {
			rest, ok = auth[i+len("Credential="):], true
		}
	}
	if ok {
		return rest // cut at its end by scopeParts
	}
	// Presigned requests carry the scope in the URL.
	return r.URL.Query().Get("X-Amz-Credential")
}

func scheme(r *http.Request) string {
	if p := header(r, "X-Forwarded-Proto"); p == "http" || p == "https" {
		return p
	}
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// header is r.Header.Get for a key already in canonical form, without
// canonicalising it again on every request.
func header(r *http.Request, canonicalKey string) string {
	if v := r.Header[canonicalKey]; len(v) > 0 {
		return v[0]
	}
	return ""
}
