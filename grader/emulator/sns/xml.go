package sns

import (
	"bytes"
	"encoding/xml"
	"errors"
	"net/http"
	"strconv"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
)

// namespace is the XML namespace of every SNS response.
const namespace = "http://sns.amazonaws.com/doc/2010-03-31/"

// writeResult writes <ActionResponse><ActionResult>result</ActionResult>
// <ResponseMetadata/></ActionResponse>. A nil result writes no Result element,
// as AWS does for actions that return nothing.
func writeResult(w http.ResponseWriter, action, requestID string, result any) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString("<" + action + `Response xmlns="` + namespace + `">`)
	if fast, ok := result.(xmlAppender); ok {
		buf.WriteString("<" + action + "Result>")
		fast.appendXML(&buf)
		buf.WriteString("</" + action + "Result>")
	} else if result != nil {
		enc := xml.NewEncoder(&buf)
		if err := enc.EncodeElement(result, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			writeError(w, requestID, errInternal.Newf("could not encode the %s response: %v", action, err))
			return
		}
	}
	buf.WriteString("<ResponseMetadata><RequestId>" + requestID + "</RequestId></ResponseMetadata>")
	buf.WriteString("</" + action + "Response>")
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", requestID)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
}

type xmlError struct {
	Type    string `xml:"Type"`
	Code    string `xml:"Code"`
	Message string `xml:"Message"`
}

type xmlErrorResponse struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     xmlError `xml:"Error"`
	RequestID string   `xml:"RequestId"`
}

// writeError writes AWS's query-protocol ErrorResponse for err. Errors that are
// not *awserr.Error are internal failures: they answer InternalError.
func writeError(w http.ResponseWriter, requestID string, err error) {
	var ae *awserr.Error
	if !errors.As(err, &ae) {
		ae = errInternal.New()
	}
	body, encErr := xml.Marshal(xmlErrorResponse{
		Xmlns:     namespace,
		Error:     xmlError{Type: string(ae.Kind.Fault), Code: ae.Kind.LegacyCode(), Message: ae.MessageFor("query")},
		RequestID: requestID,
	})
	if encErr != nil {
		body = []byte("<ErrorResponse><Error><Code>InternalError</Code></Error></ErrorResponse>")
	}
	w.Header().Set("Content-Type", "text/xml")
	w.Header().Set("x-amzn-RequestId", requestID)
	w.Header().Set("Content-Length", strconv.Itoa(len(xml.Header)+len(body)))
	w.WriteHeader(ae.Kind.Status)
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(body)
}

// xmlEntry is one key/value pair of an Attributes map.
type xmlEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

// xmlAttributes encodes a string map as AWS does: <entry><key/><value/></entry>,
// in key order so that responses are stable.
type xmlAttributes struct {
	Entries []xmlEntry `xml:"entry"`
}

func toXMLAttributes(m map[string]string) xmlAttributes {
	keys := sortedKeys(m)
	out := xmlAttributes{Entries: make([]xmlEntry, 0, len(keys))}
	for _, k := range keys {
		out.Entries = append(out.Entries, xmlEntry{Key: k, Value: m[k]})
	}
	return out
}

// xmlList is a list as AWS encodes it: <Name><member/>...</Name>. The
// wrapper element is written even for an empty list, as AWS does, so that
// boto3 shows an empty list rather than no key.
type xmlList[T any] struct {
	Members []T `xml:"member"`
}

// xmlAppender is a result that writes its own XML: the hot path (Publish)
// skips encoding/xml's reflection and buffers.
type xmlAppender interface {
	appendXML(buf *bytes.Buffer)
}

// appendElement writes <name>escaped text</name>.
func appendElement(buf *bytes.Buffer, name, text string) {
	buf.WriteString("<" + name + ">")
	_ = xml.EscapeText(buf, []byte(text)) // writing to a bytes.Buffer cannot fail
	buf.WriteString("</" + name + ">")
}
