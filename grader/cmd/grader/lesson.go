package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/backend"
	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/learner"
	"github.com/queuelab/queuelab/grader/lesson"
	"github.com/queuelab/queuelab/grader/report"
)

// lessonFlags are the flags of grading the lesson's own steps (check and
// hint take them).
type lessonFlags struct {
	on      bool
	profile string
}

func (l *lessonFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.BoolVar(&l.on, "lesson", false, "grade the lesson's own steps (console, AWS CLI, boto3) on the endpoint you followed it on: make serve's "+lesson.DefaultEndpoint+" unless --endpoint URL, or real AWS with --profile")
	fs.StringVar(&l.profile, "profile", "", "with --lesson: the AWS profile; without --endpoint, grade real AWS")
}

// wanted reports whether the lesson is to be graded: --lesson, or the
// argument "lesson" (the report's "more:" line runs `hint lesson`).
func (l *lessonFlags) wanted(args []string) bool {
	return l.on || (len(args) == 1 && args[0] == catalogue.LessonID)
}

// gradeLesson grades the lesson's steps where the learner followed it.
func (f *checkFlags) gradeLesson(cmd *cobra.Command, l *lessonFlags, args []string) (*report.Report, error) {
	if len(args) > 1 || (len(args) == 1 && args[0] != catalogue.LessonID) {
		return nil, exitError{code: 2, err: errors.New("--lesson grades the lesson's steps, not exercises: leave out the exercise names")}
	}
	endpoint, err := lessonEndpoint(f.backend, l.profile, cmd.Flags().Changed("endpoint"))
	if err != nil {
		return nil, exitError{code: 2, err: err}
	}
	name, err := f.learnerName(cmd, args)
	if err != nil {
		return nil, err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r, err := lesson.Grade(ctx, lesson.Config{Learner: name, Endpoint: endpoint, Profile: l.profile, Catalogue: exercises.Catalogue()})
	if err != nil {
		return nil, exitError{code: 2, err: err}
	}
	if ctx.Err() != nil {
		return nil, exitError{code: 2, err: errors.New("interrupted")}
	}
	return r, nil
}

// lessonEndpoint is where the lesson is graded: --endpoint (or
// AWS_ENDPOINT_URL with --backend endpoint), real AWS with --profile and no
// endpoint, else make serve's.
func lessonEndpoint(b backend.Config, profile string, endpointSet bool) (string, error) {
	switch b.Name {
	case "", backend.Embedded, backend.Endpoint:
	default:
		return "", fmt.Errorf("--lesson grades where you followed the lesson: --endpoint URL (LocalStack is usually %s), or --profile NAME for real AWS, not --backend %s", lesson.DefaultEndpoint, b.Name)
	}
	switch {
	case endpointSet || b.Endpoint != "":
		return b.Endpoint, nil
	case b.Name == backend.Endpoint && os.Getenv("AWS_ENDPOINT_URL") != "":
		return os.Getenv("AWS_ENDPOINT_URL"), nil
	case profile != "" || b.Name == backend.Endpoint:
		return "", nil // real AWS
	}
	return lesson.DefaultEndpoint, nil
}

// learnerName is the name the lesson's resources carry: QUEUELAB_LEARNER,
// else learner.yaml's.
func (f *checkFlags) learnerName(cmd *cobra.Command, args []string) (string, error) {
	if name := os.Getenv(learner.EnvName); name != "" {
		if err := learner.ValidateName(name); err != nil {
			return "", exitError{code: 2, err: fmt.Errorf("%s=%q: %w", learner.EnvName, name, err)}
		}
		return name, nil
	}
	l, err := learner.Load(filepath.Join(f.sources, learner.FileName))
	if err != nil {
		return "", exitError{code: 2, err: errors.New(learner.Advice(err, rerun(cmd, args)))}
	}
	return l.Name, nil
}
