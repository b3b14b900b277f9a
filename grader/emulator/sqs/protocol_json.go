package sqs

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"unsafe"

	"github.com/queuelab/queuelab/grader/emulator/awserr"
	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/ids"
)

// The AWS JSON 1.0 encoder: requests are JSON objects named by X-Amz-Target,
// replies JSON objects, errors {"__type": ..., "message": ...} with the
// legacy code in x-amzn-query-error so query-compatible clients see it.

const jsonContentType = "application/x-amz-json-1.0"

// ServeJSON serves one AWS JSON 1.0 request for operation op.
func (s *Service) ServeJSON(w http.ResponseWriter, r *http.Request, c caller.Caller, opName string, body []byte) {
	o, ok := s.ops[opName]
	if !ok {
		s.writeJSONError(w, s.newRequestID(), errUnknownOperation.Newf("Operation %s is not supported by this service.", opName))
		return
	}
	req, in := o.newCall()
	*req = request{ctx: r.Context(), caller: c, pathURL: pathQueueURL(c, r.URL.Path), now: s.cfg.Clock.Now()}
	requestID := req.id.set(s.idSource.New())
	if err := decodeJSON(body, in); err != nil {
		s.writeJSONError(w, requestID, err)
		return
	}
	out, aerr := s.dispatch(req, o, in)
	s.logRequest(r, "json", opName, c, aerr)
	if aerr != nil {
		s.writeJSONError(w, requestID, aerr)
		return
	}
	s.writeJSON(w, requestID, http.StatusOK, out)
}

// decodeJSON reads a request body; an empty body is an empty input.
func decodeJSON(body []byte, in any) *awserr.Error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, in); err != nil {
		return errSerialization.Newf("%s", jsonErrorMessage(err))
	}
	return nil
}

func jsonErrorMessage(err error) string {
	var typeErr *json.UnmarshalTypeError
	if e, ok := err.(*json.UnmarshalTypeError); ok {
		typeErr = e
		return "Unexpected value type for field " + typeErr.Field + ": expected " + typeErr.Type.String() + "."
	}
	return "The request body is not valid JSON: " + err.Error()
}

// maxPooledReply bounds the reply buffers kept for reuse, so that one
// large reply does not pin its buffer.
const maxPooledReply = 64 << 10

func (s *Service) writeJSON(w http.ResponseWriter, requestID []string, status int, v any) {
	if a, ok := v.(jsonAppender); ok {
		// The hottest replies encode themselves, without reflection, into a
		// reused buffer: Write must not keep it (io.Writer's contract).
		buf := s.replyBufs.Get().(*[]byte)
		*buf = a.appendJSON((*buf)[:0])
		writeJSONReply(w, s.jsonContentType, requestID, status, *buf)
		if cap(*buf) <= maxPooledReply {
			s.replyBufs.Put(buf)
		}
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"__type":"com.amazonaws.sqs#InternalFailure","message":"could not encode the response"}`)
	}
	writeJSONReply(w, s.jsonContentType, requestID, status, b)
}

// writeJSONReply writes one reply. contentType is shared by every reply of
// the service; it and requestID hold one value each and have no room to
// grow, so a wrapping handler's Add copies them rather than writing into
// them.
func writeJSONReply(w http.ResponseWriter, contentType []string, requestID []string, status int, b []byte) {
	h := w.Header()
	h["Content-Type"] = contentType
	h["X-Amzn-Requestid"] = requestID
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// errorNamespace is the `__type` prefix of a kind: protocol errors live in
// the service framework's namespace, not SQS's.
func errorNamespace(k *awserr.Kind) string {
	switch k {
	case errUnknownOperation, errSerialization:
		return "com.amazon.coral.service#"
	}
	return "com.amazonaws.sqs#"
}

func (s *Service) writeJSONError(w http.ResponseWriter, requestID []string, e *awserr.Error) {
	ns := errorNamespace(e.Kind)
	w.Header().Set("X-Amzn-Query-Error", e.Kind.LegacyCode()+";"+string(e.Kind.Fault))
	s.writeJSON(w, requestID, e.Kind.Status, map[string]string{
		"__type":  ns + e.Kind.Code,
		"message": e.MessageFor("json"),
	})
}

// WriteUnknownOperation answers a JSON request whose X-Amz-Target names no SQS
// operation.
func (s *Service) WriteUnknownOperation(w http.ResponseWriter, r *http.Request, target string) {
	op := target
	if i := strings.LastIndexByte(target, '.'); i >= 0 {
		op = target[i+1:]
	}
	s.writeJSONError(w, s.newRequestID(), errUnknownOperation.Newf("Operation %s is not supported by this service.", op))
}

func errCode(e *awserr.Error) string {
	if e == nil {
		return ""
	}
	return e.Kind.Code
}

// requestIDHeader is a request id as the value of its header: the id's text
// and the slice that holds it, kept together so that they cost no
// allocation of their own (a request holds one, see request.id).
type requestIDHeader struct {
	vals [1]string
	text [36]byte
}

// set writes id into h and returns the header value. The text is never
// written again, so the string made over it stays immutable.
func (h *requestIDHeader) set(id ids.ID) []string {
	id.Append(h.text[:0])
	h.vals[0] = unsafe.String(&h.text[0], len(h.text))
	return h.vals[:]
}

// newRequestID returns a new request id as the value of its header, for
// replies made before there is a request to hold it.
func (s *Service) newRequestID() []string {
	return new(requestIDHeader).set(s.idSource.New())
}
