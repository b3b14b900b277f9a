// Package jsonout writes QueueLab's own json format: the report model as it
// is, for scripts, dashboards and the batch grader. Its shape is stable;
// fields may be added, none renamed or removed.
//
//	{
//	  "learner": "ada",                  // string, omitted when unknown
//	  "confidence": {"queues": 4, ...},  // object of topic -> 0..5, omitted when empty
//	  "backend": "embedded",             // string: embedded | localstack | endpoint, omitted when unknown
//	  "score": 12,                       // number: points earned
//	  "max_score": 20,                   // number: points available
//	  "passed": false,                   // bool: every objective passed
//	  "objectives": [                    // array, never null, in the catalogue's order
//	    {
//	      "id": "LO2",                   // string
//	      "title": "Understand how ...", // string
//	      "passed": false,               // bool: every check of the objective passed
//	      "score": 3, "max_score": 6,    // numbers
//	      "catalogue_max_score": 14,     // number: its points over every exercise, omitted when unknown
//	      "checks": [                    // array, never null
//	        {
//	          "name": "TestDeletesAfterProcessing", // string: the Go test function
//	          "exercise": "03_sqs_consume",         // string: the exercise folder
//	          "step": 2,                            // number: its place in the exercise, omitted when unknown
//	          "status": "fail",                     // string: pass | fail | error (did not run) | skip
//	          "passed": false,                      // bool
//	          "score": 0, "max_score": 3,           // numbers
//	          "hint": "Delete a message ...",       // string, omitted when empty
//	          "reason": "panic",                    // string: not_implemented | compile_error | panic | timeout | crash |
//	                                                //   output_flood | out_of_memory | grader_error | backend_lacks, omitted for a plain failure
//	          "message": "message was received 3 times", // string: first useful line of why, omitted when empty
//	          "expected": "\"a\"", "actual": "\"b\"", // strings: what the check wanted and got, omitted when it compared nothing
//	          "function": "Consume",                // string: the learner's function that panicked or was stuck, omitted when unknown
//	          "seed": "1234",                       // string: QUEUELAB_SEED that replays a randomised check, omitted when none
//	          "output": "...",                      // string: the check's output, omitted when empty
//	          "file": "exercises/03_sqs_consume/consumer.go", // string, omitted when unknown
//	          "line": 42,                           // number, omitted when unknown
//	          "duration_ns": 120000000              // number: nanoseconds
//	        }
//	      ]
//	    }
//	  ],
//	  "duration_ns": 3100000000,         // number: nanoseconds for the whole run
//	  "exercises": ["00_quiz", ...],     // array of strings: the lesson's exercises, in lesson order, omitted when unknown
//	  "scope": ["02_sqs_send"],          // array of strings: the exercises asked for in a scoped run, omitted for a full run
//	  "warnings": ["..."],               // array of strings: what the learner should know, omitted when empty
//	  "warning_details": [               // the same warnings as data, in the same order, omitted when empty
//	    {"kind": "edited_check",         // string: edited_check | missing_check | extra_test | unsigned_verdicts |
//	                                     //   learner_file | no_verdict_channel | submission | duplicate_id; omitted when unknown
//	     "exercise": "03_sqs_consume",   // string, omitted when not about an exercise
//	     "file": "exercises/03_sqs_consume/consumer_test.go", // string, omitted when not about a file
//	     "message": "..."}               // string: the sentence "warnings" holds
//	  ]
//	}
package jsonout

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/queuelab/queuelab/grader/report"
)

// Write writes r to w as indented JSON followed by a newline.
func Write(w io.Writer, r *report.Report) error {
	if r == nil {
		return errors.New("write json report: no report")
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	// A hint quoting <, > or & should read as written, not as \u003c.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(withArrays(r)); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// withArrays returns a copy of r whose lists are empty rather than nil, so
// that readers always find arrays where the schema promises them.
func withArrays(r *report.Report) *report.Report {
	c := *r
	c.Objectives = make([]report.ObjectiveResult, len(r.Objectives))
	for i, o := range r.Objectives {
		if o.Checks == nil {
			o.Checks = []report.CheckResult{}
		}
		c.Objectives[i] = o
	}
	return &c
}
