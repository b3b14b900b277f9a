package sqs

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/ids"
)

// The query-protocol encoder: requests are forms (Action=...), replies XML
// documents <ActionResponse><ActionResult>...</ActionResult>
// <ResponseMetadata/></ActionResponse> in the SQS namespace, errors an XML
// ErrorResponse.

const queryNamespace = "http://queue.amazonaws.com/doc/2012-11-05/"

// ServeQuery serves one query-protocol request.
func (s *Service) ServeQuery(w http.ResponseWriter, r *http.Request, c caller.Caller, form url.Values) {
	requestID := s.idSource.New().String()
	action := form.Get("Action")
	if action == "" {
		writeQueryError(w, requestID, errMissingAction.New())
		return
	}
	o, ok := s.ops[action]
	if !ok {
		writeQueryError(w, requestID, errInvalidAction.Newf("The action %s is not valid for this endpoint.", action))
		return
	}
	req, in := o.newCall()
	if err := decodeQuery(form, in); err != nil {
		writeQueryError(w, requestID, errMalformedQuery.Newf("%s", err.Error()))
		return
	}
	*req = request{ctx: r.Context(), caller: c, pathURL: pathQueueURL(c, r.URL.Path), now: s.cfg.Clock.Now()}
	out, aerr := s.dispatch(req, o, in)
	s.logRequest(r, "query", action, c, aerr)
	if aerr != nil {
		writeQueryError(w, requestID, aerr)
		return
	}
	writeQueryResult(w, requestID, action, out)
}

func writeQueryResult(w http.ResponseWriter, requestID, action string, out any) {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0"?>` + "\n")
	buf.WriteString("<" + action + `Response xmlns="` + queryNamespace + `">`)
	if _, none := out.(*empty); !none {
		enc := xml.NewEncoder(&buf)
		if err := enc.EncodeElement(out, xml.StartElement{Name: xml.Name{Local: action + "Result"}}); err != nil {
			writeQueryError(w, requestID, internalError(err))
			return
		}
	}
	buf.WriteString("<ResponseMetadata><RequestId>" + requestID + "</RequestId></ResponseMetadata>")
	buf.WriteString("</" + action + "Response>")
	writeXML(w, requestID, http.StatusOK, buf.Bytes())
}

func writeQueryError(w http.ResponseWriter, requestID string, e *awserr.Error) {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0"?>` + "\n")
	buf.WriteString(`<ErrorResponse xmlns="` + queryNamespace + `"><Error>`)
	buf.WriteString("<Type>" + string(e.Kind.Fault) + "</Type>")
	buf.WriteString("<Code>")
	_ = xml.EscapeText(&buf, []byte(e.Kind.LegacyCode()))
	buf.WriteString("</Code><Message>")
	_ = xml.EscapeText(&buf, []byte(e.MessageFor("query")))
	buf.WriteString("</Message><Detail/></Error>")
	buf.WriteString("<RequestId>" + requestID + "</RequestId></ErrorResponse>")
	writeXML(w, requestID, e.Kind.Status, buf.Bytes())
}

func writeXML(w http.ResponseWriter, requestID string, status int, b []byte) {
	h := w.Header()
	h["Content-Type"] = []string{"text/xml"}
	h["X-Amzn-Requestid"] = []string{requestID}
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// WriteMalformedQuery answers a query request whose form cannot be parsed.
func WriteMalformedQuery(w http.ResponseWriter, r *http.Request, err error) {
	writeQueryError(w, ids.UUID(), errMalformedQuery.Newf("The request could not be parsed: %v", err))
}
