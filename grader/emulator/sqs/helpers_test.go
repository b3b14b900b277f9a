package sqs_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// queryResp is a query-protocol answer.
type queryResp struct {
	Status int
	Body   string
}

// signedAuth is the Authorization header of a SigV4 request from the test
// account for SQS; the emulator reads only the credential scope.
const signedAuth = "AWS4-HMAC-SHA256 Credential=" + emulatortest.Account + "/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0"

// postQuery sends a query-protocol form to path on env's emulator.
func postQuery(t *testing.T, env *emulatortest.Env, path string, form url.Values) queryResp {
	t.Helper()
	if form.Get("Version") == "" {
		form.Set("Version", "2012-11-05")
	}
	req, err := http.NewRequest(http.MethodPost, env.URL+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", signedAuth)
	resp, err := env.HTTP.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return queryResp{Status: resp.StatusCode, Body: string(b)}
}

// postJSON sends an AWS JSON 1.0 request for op.
func postJSON(t *testing.T, env *emulatortest.Env, target, body string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, env.URL+"/", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", target)
	req.Header.Set("Authorization", signedAuth)
	resp, err := env.HTTP.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// jsonBatchReply is a batch operation's JSON reply: the entries that
// succeeded and those that failed.
type jsonBatchReply struct {
	Failed []struct {
		Code, Id, Message string
		SenderFault       bool
	}
	Successful []struct{ Id string }
}

// form builds url.Values from alternating keys and values.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// queryError is the XML ErrorResponse.
type queryError struct {
	XMLName xml.Name `xml:"ErrorResponse"`
	Error   struct {
		Type    string `xml:"Type"`
		Code    string `xml:"Code"`
		Message string `xml:"Message"`
	} `xml:"Error"`
	RequestID string `xml:"RequestId"`
}

func parseQueryError(t *testing.T, r queryResp) queryError {
	t.Helper()
	var e queryError
	require.NoError(t, xml.Unmarshal([]byte(r.Body), &e), r.Body)
	return e
}

// decodeXML unmarshals a query-protocol success body.
func decodeXML(t *testing.T, r queryResp, v any) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.Status, r.Body)
	require.NoError(t, xml.Unmarshal([]byte(r.Body), v), r.Body)
}
