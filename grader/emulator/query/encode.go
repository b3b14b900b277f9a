package query

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// declaration starts every reply.
const declaration = `<?xml version="1.0"?>` + "\n"

// Dialect is one service's query protocol: what its replies share.
type Dialect struct {
	// Namespace is the xmlns of every reply, for example
	// "http://sns.amazonaws.com/doc/2010-03-31/".
	Namespace string
	// ErrorDetail adds the empty <Detail/> that SQS's errors carry.
	ErrorDetail bool
	// Internal is the kind answered when a result cannot be encoded.
	Internal *awserr.Kind
}

// Appender is a result that writes its own XML, the inside of its
// <ActionResult>: a hot path (SNS Publish) skips encoding/xml's reflection.
type Appender interface {
	AppendXML(buf *bytes.Buffer)
}

// AppendElement writes <name>text</name>, the text escaped.
func AppendElement(buf *bytes.Buffer, name, text string) {
	buf.WriteString("<" + name + ">")
	_ = xml.EscapeText(buf, []byte(text)) // writing to a bytes.Buffer cannot fail
	buf.WriteString("</" + name + ">")
}

// WriteResult writes <ActionResponse><ActionResult>out</ActionResult>
// <ResponseMetadata/></ActionResponse>, status 200. A nil out writes no
// Result element, as AWS does for actions that return nothing; an empty
// struct writes an empty one, which some SDKs expect. out is encoded with
// encoding/xml unless it is an Appender.
func (d *Dialect) WriteResult(w http.ResponseWriter, requestID, action string, out any) {
	var buf bytes.Buffer
	buf.WriteString(declaration)
	buf.WriteString("<" + action + `Response xmlns="` + d.Namespace + `">`)
	switch out := out.(type) {
	case nil:
	case Appender:
		buf.WriteString("<" + action + "Result>")
		out.AppendXML(&buf)
		buf.WriteString("</" + action + "Result>")
	default:
		enc := xml.NewEncoder(&buf)
		if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			d.WriteError(w, requestID, d.Internal.Newf("%s (could not encode the %s response: %v)", d.Internal.Message, action, err))
			return
		}
	}
	buf.WriteString("<ResponseMetadata><RequestId>" + requestID + "</RequestId></ResponseMetadata>")
	buf.WriteString("</" + action + "Response>")
	writeXML(w, requestID, http.StatusOK, buf.Bytes())
}

// WriteError writes AWS's ErrorResponse for e: its fault, its legacy code
// and its query-protocol message, with e's HTTP status.
func (d *Dialect) WriteError(w http.ResponseWriter, requestID string, e *awserr.Error) {
	var buf bytes.Buffer
	buf.WriteString(declaration)
	buf.WriteString(`<ErrorResponse xmlns="` + d.Namespace + `"><Error>`)
	buf.WriteString("<Type>" + string(e.Kind.Fault) + "</Type>")
	AppendElement(&buf, "Code", e.Kind.LegacyCode())
	AppendElement(&buf, "Message", e.MessageFor("query"))
	if d.ErrorDetail {
		buf.WriteString("<Detail/>")
	}
	buf.WriteString("</Error><RequestId>" + requestID + "</RequestId></ErrorResponse>")
	writeXML(w, requestID, e.Kind.Status, buf.Bytes())
}

func writeXML(w http.ResponseWriter, requestID string, status int, b []byte) {
	// The keys are canonical already: Header.Set would canonicalise them
	// again on every reply.
	h := w.Header()
	h["Content-Type"] = []string{"text/xml"}
	h["X-Amzn-Requestid"] = []string{requestID}
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
