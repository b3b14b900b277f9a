package sqs

import (
	"net/http"
	"net/url"

	"github.com/queuelab/queuelab/grader/emulator/caller"
	"github.com/queuelab/queuelab/grader/emulator/ids"
	"github.com/queuelab/queuelab/grader/emulator/query"
)

// SQS over the query protocol: the shared codec (package query) decodes the
// form into the operation's typed input and writes the XML reply or error.

// queryDialect is SQS's query protocol: its namespace, and the empty
// <Detail/> its errors carry.
var queryDialect = query.Dialect{
	Namespace:   "http://queue.amazonaws.com/doc/2012-11-05/",
	ErrorDetail: true,
	Internal:    errInternal,
}

// ServeQuery serves one query-protocol request.
func (s *Service) ServeQuery(w http.ResponseWriter, r *http.Request, c caller.Caller, form url.Values) {
	requestID := s.idSource.New().String()
	action := form.Get("Action")
	if action == "" {
		queryDialect.WriteError(w, requestID, errMissingAction.New())
		return
	}
	o, ok := s.ops[action]
	if !ok {
		queryDialect.WriteError(w, requestID, errInvalidAction.Newf("The action %s is not valid for this endpoint.", action))
		return
	}
	req, in := o.newCall()
	if err := query.Decode(form, in, query.Strict); err != nil {
		queryDialect.WriteError(w, requestID, errMalformedQuery.Newf("%s", err.Error()))
		return
	}
	*req = request{ctx: r.Context(), caller: c, pathURL: pathQueueURL(c, r.URL.Path), now: s.cfg.Clock.Now()}
	out, aerr := s.dispatch(req, o, in)
	s.logRequest(r, "query", action, c, aerr)
	if aerr != nil {
		queryDialect.WriteError(w, requestID, aerr)
		return
	}
	if _, none := out.(*empty); none {
		out = nil // no <ActionResult>, as AWS answers
	}
	queryDialect.WriteResult(w, requestID, action, out)
}

// WriteMalformedQuery answers a query request whose form cannot be parsed.
func WriteMalformedQuery(w http.ResponseWriter, r *http.Request, err error) {
	queryDialect.WriteError(w, ids.UUID(), errMalformedQuery.Newf("The request could not be parsed: %v", err))
}
