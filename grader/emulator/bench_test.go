package emulator_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/queuelab/queuelab/grader/emulator"
	"github.com/queuelab/queuelab/grader/emulator/emulatortest"
)

// Benchmarks of the SQS half of the emulator, each side by side with a
// baseline handler that only decodes the request and writes a fixed valid
// reply: the difference is what the emulator's own work costs.
//
//	go test -run XXX -bench . -count 6 ./grader/emulator/ | tee new.txt
//	go run golang.org/x/perf/cmd/benchstat@latest new.txt

const benchBody = `{"coffee":"flat white","price":3.2,"shop":"queuelab"}`

func md5hex(s string) string { sum := md5.Sum([]byte(s)); return hex.EncodeToString(sum[:]) }

// baseline answers SendMessage, ReceiveMessage and DeleteMessageBatch with
// fixed replies after reading and decoding the request exactly as the
// emulator does (the emulator's own body reader and buffer pool, the target
// header read as the router reads it, whitespace trimmed, json.Unmarshal
// into a struct of the operation's members and types), so that the
// difference is the emulator's own work:
// the caller's credential scope, the queue lookup, validation, ids,
// digests, storing the message, encoding the reply.
type baseline struct {
	send, receive, del []byte
	// The fixed reply's header values, shared: the reply is constant.
	contentType, requestID []string
	bodies                 emulator.BodyBuffers
}

func newBaseline(url string) *baseline {
	var msgs []map[string]string
	for i := range 10 {
		msgs = append(msgs, map[string]string{"MessageId": fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			"ReceiptHandle": "h" + strconv.Itoa(i), "MD5OfBody": md5hex(benchBody), "Body": benchBody})
	}
	var ok []map[string]string
	for i := range 10 {
		ok = append(ok, map[string]string{"Id": strconv.Itoa(i)})
	}
	send, _ := json.Marshal(map[string]string{"MD5OfMessageBody": md5hex(benchBody), "MessageId": "00000000-0000-4000-8000-000000000000"})
	recv, _ := json.Marshal(map[string]any{"Messages": msgs})
	del, _ := json.Marshal(map[string]any{"Successful": ok, "Failed": []any{}})
	return &baseline{send: send, receive: recv, del: del,
		contentType: []string{"application/x-amz-json-1.0"}, requestID: []string{"00000000-0000-4000-8000-000000000000"}}
}

// The baseline's inputs have the members and types of the emulator's own
// (sqs/types.go), so that json.Unmarshal does the same work.
type (
	baselineAttr struct {
		DataType         string
		StringValue      string   `json:",omitempty"`
		BinaryValue      []byte   `json:",omitempty"`
		StringListValues []string `json:",omitempty"`
		BinaryListValues [][]byte `json:",omitempty"`
	}
	baselineSend struct {
		QueueURL                string `json:"QueueUrl"`
		MessageBody             *string
		DelaySeconds            *int
		MessageAttributes       map[string]baselineAttr
		MessageSystemAttributes map[string]baselineAttr
		MessageDeduplicationID  *string `json:"MessageDeduplicationId"`
		MessageGroupID          *string `json:"MessageGroupId"`
	}
	baselineReceive struct {
		QueueURL                    string `json:"QueueUrl"`
		AttributeNames              []string
		MessageSystemAttributeNames []string
		MessageAttributeNames       []string
		MaxNumberOfMessages         *int
		VisibilityTimeout           *int
		WaitTimeSeconds             *int
		ReceiveRequestAttemptID     string `json:"ReceiveRequestAttemptId"`
	}
	baselineDelete struct {
		QueueURL string `json:"QueueUrl"`
		Entries  []struct {
			ID            string `json:"Id"`
			ReceiptHandle string
		}
	}
)

func (b *baseline) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Read as the emulator reads (router.go), with its own code.
	buf := b.bodies.Get()
	body, err := emulator.ReadBody(r, *buf)
	*buf = body[:0]
	defer b.bodies.Put(buf)
	if err != nil || len(body) > 16<<20 {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	var in any
	reply := b.send
	var target string // read as the emulator reads it (router.go)
	if vs := r.Header["X-Amz-Target"]; len(vs) > 0 {
		target = vs[0]
	}
	switch target {
	case "AmazonSQS.SendMessage":
		in = new(baselineSend)
	case "AmazonSQS.ReceiveMessage":
		in, reply = new(baselineReceive), b.receive
	case "AmazonSQS.DeleteMessageBatch":
		in, reply = new(baselineDelete), b.del
	default:
		http.Error(w, "unknown operation", http.StatusBadRequest)
		return
	}
	if body = bytes.TrimSpace(body); len(body) > 0 && json.Unmarshal(body, in) != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// Set as the emulator sets them: canonical keys, no canonicalising.
	h := w.Header()
	h["Content-Type"] = b.contentType
	h["X-Amzn-Requestid"] = b.requestID
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(reply)
}

// target is one way of reaching a handler: in memory or over loopback.
type target struct {
	name   string
	client func(b *testing.B, h http.Handler) (*http.Client, string)
}

var targets = []target{
	{"inmemory", func(b *testing.B, h http.Handler) (*http.Client, string) {
		if e, ok := h.(*emulator.Emulator); ok {
			return e.Client(), "http://sqs.bench"
		}
		return &http.Client{Transport: handlerTransport{h}}, "http://sqs.bench"
	}},
	{"loopback", func(b *testing.B, h http.Handler) (*http.Client, string) {
		srv := httptest.NewServer(h)
		b.Cleanup(srv.Close)
		return srv.Client(), srv.URL
	}},
}

// handlerTransport serves requests with a handler in memory, for the
// baseline (the emulator has its own).
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// benchClient returns an SQS client and a queue URL on h.
func benchClient(b *testing.B, tg target, h http.Handler, e *emulator.Emulator) (*sqs.Client, string) {
	hc, url := tg.client(b, h)
	client := sqs.NewFromConfig(emulatortest.ClientConfig(url, hc, emulatortest.Account))
	if e == nil {
		return client, url + "/" + emulatortest.Account + "/bench"
	}
	out, err := client.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("bench"),
		Attributes: map[string]string{"VisibilityTimeout": "43200"}})
	if err != nil {
		b.Fatal(err)
	}
	return client, *out.QueueUrl
}

func handlers(b *testing.B) []struct {
	name string
	h    http.Handler
	e    *emulator.Emulator
} {
	e := emulator.New()
	b.Cleanup(e.Close)
	return []struct {
		name string
		h    http.Handler
		e    *emulator.Emulator
	}{{"baseline", newBaseline(""), nil}, {"emulator", e, e}}
}

func BenchmarkSendMessage(b *testing.B) {
	for _, tg := range targets {
		for _, h := range handlers(b) {
			b.Run(tg.name+"/"+h.name, func(b *testing.B) {
				client, url := benchClient(b, tg, h.h, h.e)
				ctx := context.Background()
				in := &sqs.SendMessageInput{QueueUrl: &url, MessageBody: aws.String(benchBody)}
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					if _, err := client.SendMessage(ctx, in); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkReceiveAndDeleteBatch(b *testing.B) {
	for _, tg := range targets {
		for _, h := range handlers(b) {
			b.Run(tg.name+"/"+h.name, func(b *testing.B) {
				client, url := benchClient(b, tg, h.h, h.e)
				ctx := context.Background()
				if h.e != nil {
					fill(b, client, url, b.N*10)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					receiveAndDeleteTen(ctx, b, client, url)
				}
			})
		}
	}
}

// receiveAndDeleteTen receives ten messages and deletes them in one batch.
func receiveAndDeleteTen(ctx context.Context, b *testing.B, client *sqs.Client, url string) {
	out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10})
	if err != nil {
		b.Fatal(err)
	}
	if len(out.Messages) != 10 {
		b.Fatalf("received %d messages, want 10", len(out.Messages))
	}
	entries := make([]types.DeleteMessageBatchRequestEntry, len(out.Messages))
	for i, m := range out.Messages {
		entries[i] = types.DeleteMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(i)), ReceiptHandle: m.ReceiptHandle}
	}
	if _, err := client.DeleteMessageBatch(ctx, &sqs.DeleteMessageBatchInput{QueueUrl: &url, Entries: entries}); err != nil {
		b.Fatal(err)
	}
}

func fill(b *testing.B, client *sqs.Client, url string, n int) {
	ctx := context.Background()
	for i := 0; i < n; i += 10 {
		var entries []types.SendMessageBatchRequestEntry
		for j := range 10 {
			entries = append(entries, types.SendMessageBatchRequestEntry{Id: aws.String(strconv.Itoa(j)), MessageBody: aws.String(benchBody)})
		}
		if _, err := client.SendMessageBatch(ctx, &sqs.SendMessageBatchInput{QueueUrl: &url, Entries: entries}); err != nil {
			b.Fatal(err)
		}
	}
}

// discard is a ResponseWriter that keeps nothing, so that the server-side
// benchmarks measure the handler alone.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// sendRequest is SendMessage as aws-sdk-go-v2 puts it on the wire.
func sendRequest(body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://sqs.bench/", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	r.Header.Set("X-Amz-Target", "AmazonSQS.SendMessage")
	r.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+emulatortest.Account+"/20260101/us-east-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
	return r
}

// BenchmarkServerSendMessage is the server's CPU per SendMessage: the
// handler alone, with no client and no transport. Besides the wall time it
// reports cpu-ns/op, the process's CPU time per request (garbage collection
// included), which a machine shared with other work inflates far less.
func BenchmarkServerSendMessage(b *testing.B) {
	for _, h := range handlers(b) {
		b.Run(h.name, func(b *testing.B) {
			if h.e != nil {
				client := sqs.NewFromConfig(emulatortest.ClientConfig("http://sqs.bench", h.e.Client(), emulatortest.Account))
				if _, err := client.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("bench")}); err != nil {
					b.Fatal(err)
				}
			}
			body := []byte(`{"QueueUrl":"http://sqs.bench/` + emulatortest.Account + `/bench","MessageBody":` + strconv.Quote(benchBody) + `}`)
			w := &discard{h: http.Header{}}
			r := sendRequest(body)
			rd := bytes.NewReader(body)
			r.Body = io.NopCloser(rd)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0, ok := processCPU()
			for range b.N {
				rd.Reset(body)
				clear(w.h)
				h.h.ServeHTTP(w, r)
			}
			if cpu1, ok1 := processCPU(); ok && ok1 {
				b.ReportMetric(float64(cpu1.total-cpu0.total)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}

// BenchmarkStoredMessageMemory reports the heap each stored 1 KiB message
// costs, in bytes/message (goal: under 2048). Each iteration stores one
// message; the heap is measured once, after the loop.
func BenchmarkStoredMessageMemory(b *testing.B) {
	payload := strings.Repeat("x", 1024)
	body := []byte(`{"QueueUrl":"http://sqs.bench/` + emulatortest.Account + `/mem","MessageBody":"` + payload + `"}`)
	e := emulator.New()
	defer e.Close()
	client := sqs.NewFromConfig(emulatortest.ClientConfig("http://sqs.bench", e.Client(), emulatortest.Account))
	if _, err := client.CreateQueue(context.Background(), &sqs.CreateQueueInput{QueueName: aws.String("mem")}); err != nil {
		b.Fatal(err)
	}
	w := &discard{h: http.Header{}}
	before := heapInUse()
	b.ResetTimer()
	for range b.N {
		e.ServeHTTP(w, sendRequest(body))
	}
	b.StopTimer()
	b.ReportMetric(float64(heapInUse()-before)/float64(b.N), "bytes/message")
	runtime.KeepAlive(e)
}

func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}
