package sqs

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/ids"
)

// The hand-written encoder must write exactly what json.Marshal writes.
func TestAppendJSONMatchesMarshal(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		out  sendMessageOutput
	}{
		{"standard queue", sendMessageOutput{MD5OfMessageBody: md5.Sum(nil), MessageID: ids.New()}},
		{"with attributes", sendMessageOutput{MD5OfMessageBody: md5.Sum([]byte("hello")),
			MD5OfMessageAttributes: "adb59cd4678ea5a855436b949cd07ab6", MessageID: ids.New()}},
		{"fifo with trace", sendMessageOutput{MD5OfMessageBody: md5.Sum([]byte("hello")),
			MD5OfMessageSystemAttributes: "5ae4d5e7636d9a8f0b2ab9ac0e5d3f1f", MessageID: ids.New(), SequenceNumber: formatSeq(42)}},
		{"empty", sendMessageOutput{}},
		{"characters json escapes", sendMessageOutput{MD5OfMessageAttributes: "<a&b>\"\\\n\t\x00", MD5OfMessageSystemAttributes: "é\u2028\xff",
			SequenceNumber: "\x7f~ "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want, err := json.Marshal(&tt.out)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(tt.out.appendJSON(nil)))
		})
	}
}

// The receive and delete replies too, with and without what most messages
// lack.
func TestAppendJSONMatchesMarshalForReceiveAndDelete(t *testing.T) {
	t.Parallel()
	plain := wireMessage{MessageID: ids.New().String(), ReceiptHandle: "aGFuZGxl-_", MD5OfBody: digest(md5.Sum([]byte("hi"))).String(), Body: "hi"}
	rich := plain
	rich.Body = `{"order":"<b>fish & chips</b>","note":"tab\there\u2028` + "\xff\x00\x7f\u2029é" + `"}`
	rich.Attributes = nameValueMap{"SentTimestamp": "1700000000000", "ApproximateReceiveCount": "2", "SenderId": "AIDA"}
	rich.MD5OfMessageAttributes = "adb59cd4678ea5a855436b949cd07ab6"
	rich.MessageAttributes = messageAttrs{
		"Author": {DataType: "String", StringValue: "Ana <ana@example.com>"},
		"Blob":   {DataType: "Binary", BinaryValue: []byte{0, 1, 2}},
		"N":      {DataType: "Number.int", StringValue: "42"},
	}
	tests := []struct {
		name string
		out  jsonAppender
	}{
		{"no messages", &receiveMessageOutput{}},
		{"one plain message", &receiveMessageOutput{Messages: []wireMessage{plain}}},
		{"messages with attributes and escapes", &receiveMessageOutput{Messages: []wireMessage{plain, rich, plain}}},
		{"all deleted", &deleteMessageBatchOutput{Successful: []batchIDEntry{{ID: "0"}, {ID: "a<b"}}, Failed: []batchResultErrorEntry{}}},
		{"some failed", &deleteMessageBatchOutput{Successful: []batchIDEntry{{ID: "0"}}, Failed: []batchResultErrorEntry{
			{ID: "1", SenderFault: true, Code: "ReceiptHandleIsInvalid", Message: `The input receipt handle "x" is not a valid receipt handle.`}}}},
		{"nil lists", &deleteMessageBatchOutput{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			want, err := json.Marshal(tt.out)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(tt.out.appendJSON([]byte{})))
		})
	}
}

// FuzzAppendJSONString checks the string encoder against encoding/json, byte
// for byte, on any input.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote\back`, "\b\f\n\r\t\x00\x1f\x7f", "<&>", "é\u2028\u2029\U0001F600", "\xff\xfe", "\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("json.Marshal(%q): %v", s, err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
	})
}

func TestAppendJSONStringEveryByte(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		s := "a" + string([]byte{byte(c)}) + "z"
		want, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(appendJSONString([]byte("x"), s))[1:], "byte %#x", c)
	}
}

func TestFormatSeq(t *testing.T) {
	t.Parallel()
	for _, n := range []uint64{0, 1, 42, 1 << 40, ^uint64(0)} {
		assert.Equal(t, fmt.Sprintf("%020d", n), formatSeq(n))
	}
}

func TestInternSender(t *testing.T) {
	t.Parallel()
	q := &queue{}
	auth := "Credential=AKIAEXAMPLE/20261128/us-east-1/sqs/aws4_request"
	id := auth[len("Credential=") : len("Credential=")+len("AKIAEXAMPLE")]
	first := q.internSender(id)
	assert.Equal(t, "AKIAEXAMPLE", first)
	// A copy, not a window on the header, and shared by later messages.
	assert.NotSame(t, unsafe.StringData(id), unsafe.StringData(first))
	assert.Same(t, unsafe.StringData(first), unsafe.StringData(q.internSender(strings.Clone(id))))
	assert.Equal(t, "other", q.internSender("other"))
}

// checkBodyRunes is checkBody as it was before its ASCII fast path: the
// reference the fast path must agree with.
func checkBodyRunes(body string) string {
	for i, r := range body {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(body[i:]); size <= 1 {
				return "invalid utf-8"
			}
		}
		if !validXMLRune(r) {
			return fmt.Sprintf("#x%X", r)
		}
	}
	return ""
}

func TestCheckBodyMatchesRuneScan(t *testing.T) {
	t.Parallel()
	bodies := []string{"", "plain", "tab\tnl\ncr\r", "\x7f", "é", "\uFFFD", "\xff", "ok\x00", "ok\x01more",
		"\x08", "a\xed\xa0\x80", "\uFFFE", "\U0010FFFF", "ascii then \x1f", "ascii then é then \x0b"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
			if rng.IntN(2) == 0 {
				b[i] = byte(0x20 + rng.IntN(0x60))
			}
		}
		bodies = append(bodies, string(b))
	}
	// Every byte value in every lane of the words checkBody reads at once,
	// in printable ASCII long enough for two words and a tail.
	for c := range 256 {
		for at := range 19 {
			b := []byte(strings.Repeat("q", 19))
			b[at] = byte(c)
			bodies = append(bodies, string(b))
		}
	}
	for _, body := range bodies {
		err := checkBody(body)
		want := checkBodyRunes(body)
		switch {
		case want == "":
			assert.Nil(t, err, "%q", body)
		case want == "invalid utf-8":
			require.NotNil(t, err, "%q", body)
			assert.Equal(t, errInvalidMessageContents.New().Message, err.Message, "%q", body)
		default:
			require.NotNil(t, err, "%q", body)
			assert.Contains(t, err.Message, "'"+want+"'", "%q", body)
		}
	}
}

func TestReceiptHandleRoundTrip(t *testing.T) {
	t.Parallel()
	arn := "arn:aws:sqs:us-east-1:000000000000:q"
	for _, n := range []int{1, 7, 1 << 40} {
		id := ids.New()
		h := receiptHandle(arn, id, n)
		raw := arn + "\x00" + id.String() + "\x00" + strconv.Itoa(n)
		assert.Equal(t, base64.RawURLEncoding.EncodeToString([]byte(raw)), h, "the format is unchanged")
		got, ok := parseReceiptHandle(h)
		require.True(t, ok)
		assert.Equal(t, receipt{queueARN: arn, messageID: id, receive: n}, got)
	}
	for _, raw := range []string{"", "a", "a\x00b", "a\x00b\x00", "a\x00b\x000", "a\x00b\x00-1", "a\x00b\x001\x00", "a\x00b\x00x"} {
		_, ok := parseReceiptHandle(base64.RawURLEncoding.EncodeToString([]byte(raw)))
		assert.False(t, ok, "%q", raw)
	}
	_, ok := parseReceiptHandle("not base64!")
	assert.False(t, ok)
	got, ok := parseReceiptHandle(base64.RawURLEncoding.EncodeToString([]byte("\x00\x001")))
	assert.True(t, ok, "empty parts are for the lookup to refuse")
	assert.Equal(t, receipt{receive: 1}, got)
}

// Every JSON reply, success or error, carries its own request id, and the
// shared header values survive a wrapping handler's Add.
func TestJSONRepliesCarryDistinctRequestIDs(t *testing.T) {
	t.Parallel()
	svc := New(Config{})
	c := caller.Caller{Account: "123456789012", Region: "us-east-1", Scheme: "http", Host: "local"}
	seen := map[string]bool{}
	for _, tc := range []struct{ op, body string }{
		{"CreateQueue", `{"QueueName":"ids"}`},
		{"GetQueueUrl", `{"QueueName":"ids"}`},
		{"GetQueueUrl", `{"QueueName":"missing"}`},
		{"NoSuchOperation", `{}`},
	} {
		rec := httptest.NewRecorder()
		svc.ServeJSON(rec, httptest.NewRequest(http.MethodPost, "http://local/", nil), c, tc.op, []byte(tc.body))
		id := rec.Header().Get("X-Amzn-Requestid")
		_, ok := ids.Parse(id)
		assert.True(t, ok, "%s: request id %q", tc.op, id)
		assert.False(t, seen[id], "%s: request id %s repeated", tc.op, id)
		seen[id] = true
		rec.Header().Add("Content-Type", "text/plain")
		rec.Header().Add("X-Amzn-Requestid", "wrapper")
	}
	rec := httptest.NewRecorder()
	svc.ServeJSON(rec, httptest.NewRequest(http.MethodPost, "http://local/", nil), c, "GetQueueUrl", []byte(`{"QueueName":"ids"}`))
	assert.Equal(t, []string{jsonContentType}, rec.Header()["Content-Type"], "an Add on an earlier reply wrote into the shared value")
}
