package sns

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/queuelab/queuelab/grader/emulator/caller"
)

// FuzzServeQuery feeds arbitrary form bodies to the query decoder and the
// handlers behind it: whatever arrives, the answer is well-formed XML with an
// AWS status, never a panic or a 500.
func FuzzServeQuery(f *testing.F) {
	topic := "arn:aws:sns:us-east-1:000000000000:t"
	seeds := []string{
		"Action=CreateTopic&Name=t",
		"Action=CreateTopic&Name=t.fifo&Attributes.entry.1.key=FifoTopic&Attributes.entry.1.value=true",
		"Action=CreateTopic&Name=t&Tags.member.1.Key=k&Tags.member.1.Value=v&Tags.member.2.Key=k",
		"Action=Subscribe&TopicArn=" + topic + "&Protocol=sqs&Endpoint=arn:aws:sqs:us-east-1:000000000000:q&Attributes.entry.1.key=FilterPolicy&Attributes.entry.1.value=%7B%22a%22%3A%5B1%5D%7D",
		"Action=Publish&TopicArn=" + topic + "&Message=hi&MessageAttributes.entry.1.Name=a&MessageAttributes.entry.1.Value.DataType=Binary&MessageAttributes.entry.1.Value.BinaryValue=AgME",
		"Action=Publish&TopicArn=" + topic + "&Message=%7B%22default%22%3A%22x%22%7D&MessageStructure=json&Subject=s",
		"Action=PublishBatch&TopicArn=" + topic + "&PublishBatchRequestEntries.member.1.Id=1&PublishBatchRequestEntries.member.1.Message=m",
		"Action=SetSubscriptionAttributes&SubscriptionArn=" + topic + ":x&AttributeName=RawMessageDelivery&AttributeValue=true",
		"Action=ListTopics&NextToken=%%%",
		"Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:000000000000",
		"Action=ConfirmSubscription&TopicArn=" + topic + "&Token=abc",
		"Action=TagResource&ResourceArn=" + topic + "&Tags.member.99999999999999999999.Key=k",
		"Action=Nope",
		"",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return // the router answers unparsable forms before SNS sees them
		}
		svc := New(Config{Queues: &fakeQueues{}})
		defer svc.Close()
		// Make the topic exist so that deeper paths are reached.
		create := httptest.NewRequest(http.MethodPost, "http://localhost:4566/", nil)
		svc.ServeQuery(httptest.NewRecorder(), create, caller.FromRequest(create, "us-east-1"), url.Values{"Action": {"CreateTopic"}, "Name": {"t"}})

		r := httptest.NewRequest(http.MethodPost, "http://localhost:4566/", strings.NewReader(body))
		rec := httptest.NewRecorder()
		svc.ServeQuery(rec, r, caller.FromRequest(r, "us-east-1"), form)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		dec := xml.NewDecoder(rec.Body)
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("malformed XML for %q: %v", body, err)
			}
		}
	})
}

// FuzzWriteJSONString checks the hand-written JSON string encoder against
// encoding/json: whatever the input, the output decodes to what
// encoding/json would make of it.
func FuzzWriteJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"uote\back`, "tab\tnl\nnul\x00", "<&>", "ö§a1\"_!?,. £$-", "\xff\xfe", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf strings.Builder
		writeJSONString(&buf, s)
		var got string
		if err := json.Unmarshal([]byte(buf.String()), &got); err != nil {
			t.Fatalf("%q encoded as invalid JSON %s: %v", s, buf.String(), err)
		}
		want, _ := json.Marshal(s)
		var wantStr string
		_ = json.Unmarshal(want, &wantStr)
		if got != wantStr {
			t.Fatalf("%q: got %q, want %q", s, got, wantStr)
		}
	})
}
