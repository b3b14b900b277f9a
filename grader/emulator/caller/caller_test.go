package caller_test

import (
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/queuelab/queuelab/grader/emulator/caller"
)

func TestFromRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		auth  string
		query string
		host  string
		want  caller.Caller
	}{
		{
			name: "12-digit key is the account",
			auth: "AWS4-HMAC-SHA256 Credential=123456789012/20261128/eu-west-2/sqs/aws4_request, SignedHeaders=host, Signature=abc",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "123456789012", Account: "123456789012", Region: "eu-west-2", Service: "sqs", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name: "other keys use the default account",
			auth: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261128/us-west-1/sns/aws4_request, SignedHeaders=host, Signature=abc",
			host: "localhost:4566",
			want: caller.Caller{AccessKeyID: "AKIAEXAMPLE", Account: caller.DefaultAccount, Region: "us-west-1", Service: "sns", Scheme: "http", Host: "localhost:4566"},
		},
		{
			name: "unsigned requests get the defaults",
			host: "example.test",
			want: caller.Caller{Account: caller.DefaultAccount, Region: "us-east-1", Scheme: "http", Host: "example.test"},
		},
		{
			name: "a scope cut short keeps the default region",
			auth: "AWS4-HMAC-SHA256 Credential=123456789012/20261128/eu-west-2, SignedHeaders=host, Signature=abc",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "123456789012", Account: "123456789012", Region: "us-east-1", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name: "an empty region in the scope keeps the default",
			auth: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261128//sqs/aws4_request, SignedHeaders=host, Signature=abc",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "AKIAEXAMPLE", Account: caller.DefaultAccount, Region: "us-east-1", Service: "sqs", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name: "a scope without aws4_request still names the service",
			auth: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261128/eu-central-1/sns, SignedHeaders=host, Signature=abc",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "AKIAEXAMPLE", Account: caller.DefaultAccount, Region: "eu-central-1", Service: "sns", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name: "a key alone",
			auth: "AWS4-HMAC-SHA256 Credential=123456789012, SignedHeaders=host, Signature=abc",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "123456789012", Account: "123456789012", Region: "us-east-1", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name: "a key and a date",
			auth: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261128, SignedHeaders=host, Signature=abc",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "AKIAEXAMPLE", Account: caller.DefaultAccount, Region: "us-east-1", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name: "slashes past the service are ignored",
			auth: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261128/eu-west-1/sqs/aws4_request/extra, SignedHeaders=host, Signature=abc",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "AKIAEXAMPLE", Account: caller.DefaultAccount, Region: "eu-west-1", Service: "sqs", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name: "a header that does not start with the algorithm",
			auth: "Credential=AKIAEXAMPLE/20261128/eu-west-1/sqs/aws4_request",
			host: "127.0.0.1:4566",
			want: caller.Caller{AccessKeyID: "AKIAEXAMPLE", Account: caller.DefaultAccount, Region: "eu-west-1", Service: "sqs", Scheme: "http", Host: "127.0.0.1:4566"},
		},
		{
			name:  "presigned scope in the URL",
			query: "?X-Amz-Credential=000011112222%2F20261128%2Fap-south-1%2Fsqs%2Faws4_request",
			host:  "127.0.0.1:4566",
			want:  caller.Caller{AccessKeyID: "000011112222", Account: "000011112222", Region: "ap-south-1", Service: "sqs", Scheme: "http", Host: "127.0.0.1:4566"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("POST", "http://"+tt.host+"/"+tt.query, nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			assert.Equal(t, tt.want, caller.FromRequest(r, "us-east-1"))
		})
	}
}

func TestAccountFromAccessKey(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]string{
		"123456789012":  "123456789012",
		"12345678901":   "",
		"1234567890123": "",
		"12345678901a":  "",
		"":              "",
	} {
		assert.Equal(t, want, caller.AccountFromAccessKey(key), key)
	}
}
