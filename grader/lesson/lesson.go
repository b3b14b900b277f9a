// Package lesson grades the lesson's own steps: what a learner did by
// following the slides, with the console, the AWS CLI or boto3, against a
// running endpoint (`make serve`, LocalStack, or real AWS). It runs no
// learner code: it observes the learner's queues, topic and messages through
// the SQS and SNS APIs, and grades each step the catalogue lists under
// "lesson" (objective, points, hint) into the same report every format
// writes.
//
// Observing changes nothing. On QueueLab's emulator the messages come from
// its arrival history (/_queuelab/history), which also holds messages the
// learner already received or deleted; elsewhere they are received with a
// visibility timeout of 0 from the sales queue and its DLQ (a receive counts
// toward maxReceiveCount) and never deleted.
package lesson

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

// DefaultEndpoint is where `make serve` listens.
const DefaultEndpoint = "http://127.0.0.1:4566"

// Config says whose steps to grade, and where.
type Config struct {
	// Learner is the learner's name, the <your-name> of every resource.
	Learner string
	// Endpoint is the SQS/SNS endpoint; empty means real AWS through the
	// credential chain (Profile).
	Endpoint string
	// Profile is the AWS profile (real AWS, or credentials for another
	// endpoint). Empty: the default chain.
	Profile string
	// Region defaults to $AWS_REGION, $AWS_DEFAULT_REGION, then us-east-1.
	Region string
	// Catalogue lists the steps, their objectives, points and hints.
	Catalogue *catalogue.Catalogue
	// HTTPClient reaches the endpoint. Default: http.DefaultClient.
	HTTPClient *http.Client
}

func (c Config) region() string {
	for _, r := range []string{c.Region, os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION")} {
		if r != "" {
			return r
		}
	}
	return "us-east-1"
}

// Backend names, as the report's header shows them.
const (
	BackendServe    = "grader serve"
	BackendEndpoint = "endpoint"
	BackendAWS      = "AWS"
)

// Grade observes the learner's resources and grades each step of the
// lesson. A *NoServerError says that nothing answered at the endpoint;
// any other error, that the endpoint could not be read (credentials,
// permissions).
func Grade(ctx context.Context, cfg Config) (*report.Report, error) {
	if cfg.Catalogue == nil || len(cfg.Catalogue.Lesson.Checks) == 0 {
		return nil, errors.New("grade the lesson: the catalogue lists no lesson steps")
	}
	if cfg.Learner == "" {
		return nil, errors.New("grade the lesson: no learner name")
	}
	start := time.Now()
	t, err := connect(ctx, cfg)
	if err != nil {
		return nil, err
	}
	s, err := observe(ctx, t, cfg.Learner)
	if err != nil {
		var noServer *NoServerError
		if errors.As(err, &noServer) {
			return nil, err
		}
		return nil, fmt.Errorf("observe the lesson's resources at %s: %w", where(cfg), err)
	}
	r := &report.Report{Learner: cfg.Learner, Backend: backendName(cfg, t), Exercises: []string{catalogue.LessonID}}
	for _, o := range cfg.Catalogue.Objectives {
		or := report.ObjectiveResult{ID: o.ID, Title: o.Title, CatalogueMaxScore: cfg.Catalogue.LessonMaxScore(o.ID)}
		for i, ch := range cfg.Catalogue.Lesson.Checks {
			if ch.Objective == o.ID {
				or.Checks = append(or.Checks, result(s, i+1, ch))
			}
		}
		if len(or.Checks) > 0 {
			r.Objectives = append(r.Objectives, or)
		}
	}
	if w, ok := accountWarning(t, cfg.Learner); ok {
		r.Warn(w)
	}
	r.Tally()
	r.Duration = time.Since(start)
	return r, nil
}

// result grades one step. A step the grader does not know is an error,
// never a pass.
func result(s *scene, step int, ch catalogue.Check) report.CheckResult {
	c := report.CheckResult{Name: ch.Name, Exercise: catalogue.LessonID, Step: step, Status: report.StatusError,
		MaxScore: ch.Points, Hint: ch.Hint, Reason: report.ReasonGrader}
	grade, ok := steps[ch.Name]
	if !ok {
		c.Message = "this grader cannot observe the step " + ch.Name + ": update the grader"
		return c
	}
	v := grade(s)
	c.Reason = report.ReasonNone
	c.Status = report.StatusFail
	if v.pass {
		c.Status = report.StatusPass
		return c
	}
	c.Message, c.Expected, c.Actual = v.why, v.expected, v.actual
	return c
}

// accountWarning says which account was graded when the sales queue is in
// another account than the docs' one, or in several.
func accountWarning(t *target, learner string) (report.Warning, bool) {
	if t.emulator == nil || (t.account == DocsAccount && len(t.otherAccounts) == 0) {
		return report.Warning{}, false
	}
	msg := fmt.Sprintf("Graded account %s, which holds %s", t.account, salesQueue(learner))
	if len(t.otherAccounts) > 0 {
		msg += fmt.Sprintf("; account %s holds one too and was not graded (the console's Accounts page shows each)", strings.Join(t.otherAccounts, ", "))
	} else {
		msg += " (your access key id was a 12-digit account id)"
	}
	return report.Warning{Kind: report.WarningLessonAccount, Message: msg + "."}, true
}

func backendName(cfg Config, t *target) string {
	switch {
	case t.emulator != nil:
		return BackendServe
	case cfg.Endpoint == "":
		return BackendAWS
	}
	return BackendEndpoint
}

func where(cfg Config) string {
	if cfg.Endpoint == "" {
		return "AWS"
	}
	return cfg.Endpoint
}
