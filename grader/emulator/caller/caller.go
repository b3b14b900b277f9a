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
	scope := credentialScope(r)
	if scope == "" {
		return c
	}
	// AKID/date/region/service/aws4_request, read without allocating: this
	// runs for every request.
	akid, rest, _ := strings.Cut(scope, "/")
	c.AccessKeyID = akid
	if AccountFromAccessKey(akid) != "" {
		c.Account = akid
	}
	_, rest, _ = strings.Cut(rest, "/") // the date
	if region, rest, ok := strings.Cut(rest, "/"); ok {
		if region != "" {
			c.Region = region
		}
		c.Service, _, _ = strings.Cut(rest, "/")
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
		// The scope ends at the comma before SignedHeaders (or a space).
		for j := 0; j < len(rest); j++ {
			if rest[j] == ',' || rest[j] == ' ' {
				return rest[:j]
			}
		}
		return rest
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
