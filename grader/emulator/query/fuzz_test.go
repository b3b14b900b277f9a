package query_test

import (
	"encoding/xml"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/queuelab/queuelab/grader/emulator/query"
)

// FuzzDecode feeds arbitrary forms to the decoder, strict and lenient:
// whatever arrives, it fills the input or says which key is malformed,
// never panics, and a lenient decode fails only on a value, never on a
// member number.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"TopicArn=a&Name=n&Subject=&Count=7&Raw=true",
		"AttributeName.2=b&AttributeName.1=a&TagKeys.member.1=k",
		"Tags.member.10.Key=k&Tags.member.2.Key=k2&Tags.member.2.Value=v",
		"Attributes.entry.1.key=A&Attributes.entry.1.value=1",
		"MessageAttribute.1.Name=m&MessageAttribute.1.Value.DataType=Binary&MessageAttribute.1.Value.BinaryValue=AQI=",
		"Tags.member.0.Key=k&Tags.member.x.Key=k&Tags.member.99999999999999999999.Key=k",
		"Count=x&Raw=maybe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return // the router answers unparsable forms
		}
		var strict input
		_ = query.Decode(form, &strict, query.Strict)
		var lenient input
		if err := query.Decode(form, &lenient, query.Lenient); err != nil && strings.Contains(err.Error(), "member number") {
			t.Fatalf("lenient decode refused a member number: %v", err)
		}
	})
}

// FuzzWriteError writes arbitrary messages: the reply is always well-formed
// XML that gives the message back (invalid UTF-8 aside, which XML cannot
// carry).
func FuzzWriteError(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>\"'", "line\nbreak\ttab", "\x00\x1f", "\xff\xfe", "]]>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		rec := httptest.NewRecorder()
		sqsDialect.WriteError(rec, "rid", errNotFound.Newf("%s", msg))
		var e struct {
			Message   string `xml:"Error>Message"`
			RequestID string `xml:"RequestId"`
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &e); err != nil {
			t.Fatalf("malformed XML for %q: %v\n%s", msg, err, rec.Body)
		}
		if e.RequestID != "rid" {
			t.Fatalf("request id %q", e.RequestID)
		}
		if utf8.ValidString(msg) && !strings.ContainsFunc(msg, notXMLChar) && e.Message != msg {
			t.Fatalf("message %q came back as %q", msg, e.Message)
		}
	})
}

// notXMLChar reports a character XML 1.0 cannot carry.
func notXMLChar(r rune) bool {
	return !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF)
}
