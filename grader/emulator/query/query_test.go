package query_test

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/query"
)

type tag struct{ Key, Value string }

type attr struct {
	DataType    *string
	StringValue *string
	BinaryValue []byte
}

type common struct {
	TopicArn string
}

type input struct {
	common
	Name       string
	Subject    *string
	Count      *int
	Raw        bool
	Names      []string          `query:"AttributeName"`
	Keys       []string          `query:"TagKeys.member"`
	Tags       []tag             `query:"Tags.member"`
	Attributes map[string]string `query:"Attributes.entry,key,value"`
	Values     map[string]attr   `query:"MessageAttribute"`
	unexported string
}

func form(kv ...string) url.Values {
	f := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		f.Add(kv[i], kv[i+1])
	}
	return f
}

func TestDecodeFillsEveryShape(t *testing.T) {
	t.Parallel()
	var in input
	err := query.Decode(form(
		"TopicArn", "arn", "Name", "n", "Subject", "", "Count", " 7 ", "Raw", "true",
		"AttributeName.2", "b", "AttributeName.1", "a",
		"TagKeys.member.1", "k",
		"Tags.member.10.Key", "k10", "Tags.member.2.Key", "k2", "Tags.member.2.Value", "v2",
		"Attributes.entry.1.key", "A", "Attributes.entry.1.value", "1",
		"MessageAttribute.1.Name", "m", "MessageAttribute.1.Value.DataType", "Binary", "MessageAttribute.1.Value.BinaryValue", "AQI=",
	), &in, query.Strict)
	require.NoError(t, err)
	assert.Equal(t, "arn", in.TopicArn, "an embedded struct shares its holder's prefix")
	assert.Equal(t, "n", in.Name)
	require.NotNil(t, in.Subject, "a pointer tells sent-empty from not sent")
	assert.Empty(t, *in.Subject)
	assert.Equal(t, 7, *in.Count)
	assert.True(t, in.Raw)
	assert.Equal(t, []string{"a", "b"}, in.Names)
	assert.Equal(t, []string{"k"}, in.Keys)
	assert.Equal(t, []tag{{"k2", "v2"}, {"k10", ""}}, in.Tags, "members in number order")
	assert.Equal(t, map[string]string{"A": "1"}, in.Attributes)
	assert.Equal(t, "Binary", *in.Values["m"].DataType)
	assert.Nil(t, in.Values["m"].StringValue)
	assert.Equal(t, []byte{1, 2}, in.Values["m"].BinaryValue)
	assert.Empty(t, in.unexported)
}

func TestDecodeLeavesWhatIsNotSent(t *testing.T) {
	t.Parallel()
	var in input
	require.NoError(t, query.Decode(form("Action", "X"), &in, query.Strict))
	assert.Nil(t, in.Subject)
	assert.Nil(t, in.Count)
	assert.Nil(t, in.Names)
	assert.Nil(t, in.Attributes, "a map not sent stays nil")
}

func TestDecodeMemberNumbers(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"Tags.member.0.Key", "Tags.member.x.Key", "Tags.member.1001.Key", "Tags.member.99999999999999999999.Key"} {
		var in input
		err := query.Decode(form(key, "k", "Tags.member.3.Key", "ok"), &in, query.Strict)
		assert.ErrorContains(t, err, "invalid member number", key)

		in = input{}
		require.NoError(t, query.Decode(form(key, "k", "Tags.member.3.Key", "ok"), &in, query.Lenient), key)
		want := []tag{{Key: "ok"}}
		if key == "Tags.member.1001.Key" {
			want = []tag{{Key: "ok"}, {Key: "k"}} // lenient: any positive number
		}
		assert.Equal(t, want, in.Tags, key)
	}
}

func TestDecodeSaysWhichKeyIsMalformed(t *testing.T) {
	t.Parallel()
	for key, want := range map[string]string{
		"Count":                                `value "x" for parameter Count is not a valid integer`,
		"Raw":                                  `value "x" for parameter Raw is not a valid boolean`,
		"MessageAttribute.1.Value.BinaryValue": "value for parameter MessageAttribute.1.Value.BinaryValue is not valid base64",
	} {
		var in input
		err := query.Decode(form(key, "x"), &in, query.Lenient)
		assert.EqualError(t, err, want)
	}
}

var (
	errNotFound = &awserr.Kind{Code: "QueueDoesNotExist", QueryCode: "AWS.SimpleQueueService.NonExistentQueue",
		Status: http.StatusBadRequest, Fault: awserr.Sender}
	errInternal = &awserr.Kind{Code: "InternalFailure", Status: 500, Fault: awserr.Receiver, Message: "failed"}
	sqsDialect  = query.Dialect{Namespace: "urn:sqs", ErrorDetail: true, Internal: errInternal}
	snsDialect  = query.Dialect{Namespace: "urn:sns", Internal: errInternal}
)

func TestWriteErrorIsAWSsErrorResponse(t *testing.T) {
	t.Parallel()
	e := errNotFound.Newf("json <wording> & more")
	e.QueryMessage = "query <wording>"
	rec := httptest.NewRecorder()
	sqsDialect.WriteError(rec, "rid", e)
	assert.Equal(t, 400, rec.Code)
	assert.Equal(t, "text/xml", rec.Header().Get("Content-Type"))
	assert.Equal(t, "rid", rec.Header().Get("X-Amzn-RequestId"))
	assert.Equal(t, `<?xml version="1.0"?>`+"\n"+`<ErrorResponse xmlns="urn:sqs"><Error><Type>Sender</Type>`+
		`<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>query &lt;wording&gt;</Message><Detail/></Error>`+
		`<RequestId>rid</RequestId></ErrorResponse>`, rec.Body.String())

	rec = httptest.NewRecorder()
	snsDialect.WriteError(rec, "rid", errNotFound.New())
	assert.NotContains(t, rec.Body.String(), "<Detail/>")
	assert.Contains(t, rec.Body.String(), `<ErrorResponse xmlns="urn:sns">`)
}

type fast struct{ id string }

func (f fast) AppendXML(buf *bytes.Buffer) { query.AppendElement(buf, "MessageId", f.id) }

func TestWriteResult(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		out  any
		want string
	}{
		{"nothing", nil, ""},
		{"empty", struct{}{}, "<XResult></XResult>"},
		{"encoded", struct {
			Arn string `xml:"TopicArn"`
		}{"a&b"}, "<XResult><TopicArn>a&amp;b</TopicArn></XResult>"},
		{"appender", fast{"<1>"}, "<XResult><MessageId>&lt;1&gt;</MessageId></XResult>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			snsDialect.WriteResult(rec, "rid", "X", tt.out)
			assert.Equal(t, 200, rec.Code)
			assert.Equal(t, `<?xml version="1.0"?>`+"\n"+`<XResponse xmlns="urn:sns">`+tt.want+
				`<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></XResponse>`, rec.Body.String())
			assert.Equal(t, strconv.Itoa(rec.Body.Len()), rec.Header().Get("Content-Length"))
		})
	}
}

func TestWriteResultThatCannotBeEncodedIsAnInternalError(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	sqsDialect.WriteResult(rec, "rid", "X", struct{ C chan int }{})
	assert.Equal(t, 500, rec.Code)
	var e struct {
		Code    string `xml:"Error>Code"`
		Message string `xml:"Error>Message"`
	}
	require.NoError(t, xml.Unmarshal(rec.Body.Bytes(), &e))
	assert.Equal(t, "InternalFailure", e.Code)
	assert.Contains(t, e.Message, "could not encode the X response")
}
