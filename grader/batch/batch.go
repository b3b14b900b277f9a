// Package batch grades a class: every submission in a folder, in parallel,
// each isolated and time-limited, with the grader's own pristine checks. It
// writes each result as soon as it has it, so a batch killed at any point
// resumes where it stopped, and it ends with the gradebook, the feedback
// pages, the class report and junit.xml (see package classreport).
//
// The pieces: package intake takes the sources out of a submission safely,
// a Grader grades them (RunnerGrader, the grader's runner, by default), the
// journal keeps results, and package classreport writes the outputs.
package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/queuelab/queuelab/exercises"
	"github.com/queuelab/queuelab/grader/batch/classreport"
	"github.com/queuelab/queuelab/grader/batch/intake"
	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/learner"
	"github.com/queuelab/queuelab/grader/runner"
)

// Defaults of Options.
const (
	// DefaultTimeout is the time limit of one submission.
	DefaultTimeout = 2 * time.Minute
	// DefaultCheckTimeout is the time limit of one check. An exercise's
	// test process gets it times its number of checks, so a submission
	// that hangs in one exercise still has the rest graded within
	// DefaultTimeout. The checks take milliseconds to a few seconds.
	DefaultCheckTimeout = 10 * time.Second
	// DefaultMemoryLimit caps the address space of each test process of a
	// submission. A check needs well under 1 GiB; the Go runtime reserves
	// more address space than it uses, hence the headroom.
	DefaultMemoryLimit = 4 << 30
)

// Options says what to grade, where to write, and how.
type Options struct {
	// Submissions is the folder whose entries are the submissions.
	Submissions string
	// Out is the folder the outputs go to; it is made if missing.
	Out string
	// Jobs is how many submissions are graded at once; default
	// DefaultJobs().
	Jobs int
	// Timeout is the time limit of one submission; default DefaultTimeout.
	Timeout time.Duration
	// Runner is how the default grader (a RunnerGrader) grades each
	// submission: the runner's options for the pristine copy, the backend
	// (Backend, Endpoint, Lacks), CheckTimeout, MemoryLimit, WorkDir and
	// Exercises. Where the batch's meaning differs from the runner's:
	//   - CheckTimeout defaults to DefaultCheckTimeout;
	//   - MemoryLimit defaults to DefaultMemoryLimit, negative for none
	//     (the runner's 0 is none);
	//   - Backend defaults to "embedded", or "endpoint" with an Endpoint;
	//     other backends are started by the caller, which passes their
	//     endpoint, and with Endpoint "" each check gets an embedded
	//     emulator of its own;
	//   - Exercises selects the exercises graded by id, and WorkDir is
	//     where submissions are unpacked too;
	//   - Jobs is how many exercises of one submission run at once, by
	//     default enough to keep the cores busy (at least 4);
	//   - Sources and Timeout are each submission's (see Timeout), Env
	//     gains the submission's learner, and Solutions and BinCache are
	//     not for a batch: they are ignored.
	Runner runner.Options
	// Resume keeps the results already in Out's journal for submissions
	// whose sources have not changed, and grades only the rest.
	Resume bool
	// Progress receives a progress bar on a terminal, plain lines
	// otherwise; nil shows nothing.
	Progress io.Writer
	// Grader grades one submission; default a RunnerGrader.
	Grader Grader
	// Catalogue lists objectives, exercises and checks; default the one
	// the grader ships.
	Catalogue *catalogue.Catalogue
	// Limits bound what one submission may cost to read; default
	// intake.DefaultLimits.
	Limits intake.Limits
	// Now stamps the class report; default time.Now.
	Now func() time.Time
	// Shard grades only the submissions of one part of the class (see
	// Shard); its journal is merged with the other parts' by Merge. The
	// zero Shard is the whole class.
	Shard Shard
	// Roster is the instructor's list of students (a CSV file, see
	// readRoster): the outputs list one row per roster student, in roster
	// order, those without a submission as missing; submissions it does
	// not list are graded and flagged. "" is no roster.
	Roster string
	// Compare is a previous batch's output folder: the summary and the
	// report list every student whose score changed since, and the checks
	// that flipped. "" compares with nothing.
	Compare string
	// Export lays out the gradebook imports (canvas.csv, moodle.csv,
	// scores.csv).
	Export classreport.ExportOptions
}

// Summary tells how a batch went.
type Summary struct {
	// Total is the number of submissions found.
	Total int
	// Graded were graded in this run; Resumed were kept from the journal.
	Graded, Resumed int
	// Unreadable, TimedOut and Errors count submissions that could not be
	// read, ran out of time, or that the grader failed on.
	Unreadable, TimedOut, Errors int
	// CompileFailures counts submissions with an exercise that does not
	// compile; PassedAll those that met every objective.
	CompileFailures, PassedAll int
	// MeanPercent is the class's mean score, in percent.
	MeanPercent float64
	// Ignored lists the entries of the submissions folder that are not
	// submissions, with why.
	Ignored []string
	// Missing lists the roster's students with no submission; NotOnRoster
	// the submissions the roster does not list ("id (entry)").
	Missing, NotOnRoster []string
	// Compared is the output folder of --compare; Changes the students
	// whose score differs from it.
	Compared string
	Changes  []classreport.Change
	// Out is the output folder; Duration the batch's wall time.
	Out      string
	Duration time.Duration
}

// Done is how many submissions have a result.
func (s Summary) Done() int { return s.Graded + s.Resumed }

func (o *Options) defaults() error {
	if o.Submissions == "" {
		return errors.New("name the folder of submissions")
	}
	if o.Out == "" {
		return errors.New("name the output folder (--out)")
	}
	info, err := os.Stat(o.Submissions)
	if err != nil {
		return fmt.Errorf("read submissions: %w", err)
	}
	if !info.IsDir() {
		return fmt.Errorf("%s is not a folder: put each submission (a folder, .zip, .tar.gz or git bundle) in one folder", o.Submissions)
	}
	if o.Jobs <= 0 {
		o.Jobs = DefaultJobs()
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Runner.MemoryLimit == 0 {
		o.Runner.MemoryLimit = DefaultMemoryLimit
	}
	if o.Runner.CheckTimeout <= 0 {
		o.Runner.CheckTimeout = DefaultCheckTimeout
	}
	if o.Catalogue == nil {
		o.Catalogue = exercises.Catalogue()
	}
	if o.Limits == (intake.Limits{}) {
		o.Limits = intake.DefaultLimits
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Runner.Backend == "" {
		o.Runner.Backend = "embedded"
		if o.Runner.Endpoint != "" {
			o.Runner.Backend = "endpoint"
		}
	}
	return nil
}

// DefaultJobs is how many submissions a batch grades at once unless told:
// two per core. A submission's time is mostly its checks waiting on the
// clocks the lesson is about (visibility timeouts, long polls, retries), so
// one per core leaves the cores idle: on 2 cores, a class whose every
// submission's code is new took 1.51-1.73 s per submission with 2 at once
// and 0.98 s with 4 (make bench-batch, 2026-12-06).
func DefaultJobs() int { return 2 * runtime.NumCPU() }

// defaultGrader is the runner, with a store of test binaries private to
// this batch (removed by the returned func): an exercise whose sources are
// the same in several submissions is linked once.
func (o *Options) defaultGrader() (RunnerGrader, func(), error) {
	shared, err := runner.NewSharedBinaries(o.Runner.WorkDir)
	if err != nil {
		return RunnerGrader{}, nil, err
	}
	// Submissions already run side by side, but once the binaries come
	// from the store a submission's time is mostly its checks waiting
	// (visibility timeouts, retries, polling): four exercises at a time
	// each keeps the cores busy (measured by BenchmarkClass: 1.6 s per
	// submission with one at a time, 1.2 s with four, on 2 cores).
	g := RunnerGrader{Options: o.Runner}
	g.Options.MemoryLimit = max(o.Runner.MemoryLimit, 0)
	if g.Options.Jobs <= 0 {
		g.Options.Jobs = max(4, runtime.NumCPU()/o.Jobs)
	}
	g.Options.SharedBins, g.Options.BinCache = shared, ""
	return g, func() { _ = shared.Close() }, nil
}

// Run grades every submission in opts.Submissions and writes the outputs in
// opts.Out. When ctx is cancelled it stops, writes the outputs for what was
// graded, and returns the context's error: --resume finishes the batch.
func Run(ctx context.Context, opts Options) (Summary, error) {
	started := time.Now()
	if err := opts.defaults(); err != nil {
		return Summary{}, err
	}
	entries, ignored, err := intake.Discover(opts.Submissions)
	if err != nil {
		return Summary{}, err
	}
	entries = opts.Shard.filter(entries)
	var roster []classreport.RosterStudent
	if opts.Roster != "" {
		if roster, err = readRoster(opts.Roster); err != nil {
			return Summary{}, err
		}
	}
	owners, err := assignOwners(entries, roster)
	if err != nil {
		return Summary{}, err
	}
	var previous []classreport.Result
	if opts.Compare != "" {
		// Read now: --compare may name --out, which this batch overwrites.
		if previous, err = classreport.ReadResults(opts.Compare); err != nil {
			return Summary{}, fmt.Errorf("--compare: %w", err)
		}
	}
	id, err := identify(opts.Catalogue, opts.Runner.Exercises)
	if err != nil {
		return Summary{}, err
	}
	if opts.Grader == nil {
		g, done, err := opts.defaultGrader()
		if err != nil {
			return Summary{}, err
		}
		defer done()
		opts.Grader = g
	}
	sum := Summary{Total: len(entries), Ignored: ignored, Out: opts.Out}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return sum, fmt.Errorf("make the output folder: %w", err)
	}
	j, err := openJournal(opts.Out)
	if err != nil {
		return sum, err
	}
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name
	}
	if err := j.writeManifest(manifest{Identity: id, Shard: opts.Shard.whole(), Entries: names}, opts.Resume); err != nil {
		return sum, err
	}

	if len(entries) > 0 {
		warmUp(ctx, opts.Grader, opts.Progress)
	}
	prog := newProgress(opts.Progress, len(entries))
	results := make([]*classreport.Result, len(entries))
	var (
		mu      sync.Mutex
		saveErr error
	)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.Jobs, max(1, len(entries))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				res, resumed, ok := gradeOne(ctx, opts, j, entries[i], owners[i])
				if !ok {
					continue // cancelled: not graded, not recorded
				}
				if !resumed {
					if err := j.save(res); err != nil {
						mu.Lock()
						saveErr = errors.Join(saveErr, err)
						mu.Unlock()
					}
				}
				mu.Lock()
				results[i] = &res
				if resumed {
					sum.Resumed++
				} else {
					sum.Graded++
				}
				mu.Unlock()
				prog.done(res, resumed)
			}
		}()
	}
feed:
	for i := range entries {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	prog.finish()

	var done []classreport.Result
	for _, r := range results {
		if r != nil {
			done = append(done, *r)
		}
	}
	if roster != nil && opts.Shard == (Shard{}) {
		done = append(done, missingStudents(opts.Catalogue, roster, owners)...)
	}
	if opts.Compare != "" {
		sum.Compared, sum.Changes = opts.Compare, classreport.Compare(previous, done)
	}
	writeErr := writeOutputs(opts, &sum, done)
	sum.Duration = time.Since(started)
	if err := errors.Join(saveErr, writeErr); err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("batch stopped with %d of %d submissions graded (rerun with --resume to finish): %w", sum.Done(), sum.Total, err)
	}
	return sum, nil
}

// writeOutputs writes the gradebook, feedback, class report, results.json
// and junit.xml of results into opts.Out: for a batch, and for a merge of
// shards' journals alike, so that both write the same files.
func writeOutputs(opts Options, sum *Summary, results []classreport.Result) error {
	uniqueIDs(results)
	summarize(sum, opts.Catalogue, results)
	err := classreport.WriteAll(opts.Out, opts.Catalogue, results, classreport.HTMLOptions{
		Generated: opts.Now(), Compared: sum.Compared, Changes: sum.Changes,
	})
	if err != nil {
		return err
	}
	return classreport.WriteExports(opts.Out, opts.Catalogue, results, opts.Export)
}

// gradeOne takes one submission from intake to result. ok is false when
// the batch was cancelled before the submission was fully graded.
// The result is the owner's (see assignOwners), whatever the submission's
// learner file says.
func gradeOne(ctx context.Context, opts Options, j journal, e intake.Entry, who owner) (res classreport.Result, resumed, ok bool) {
	started := time.Now()
	res = classreport.Result{ID: who.id, Entry: e.Name, Kind: string(e.Kind), Roster: who.roster}
	res.NotOnRoster = opts.Roster != "" && who.roster == nil
	if ctx.Err() != nil {
		return res, false, false
	}
	work, err := os.MkdirTemp(opts.Runner.WorkDir, "queuelab-batch-")
	if err != nil {
		res.Status, res.Error = classreport.StatusError, fmt.Sprintf("make a work folder: %v", err)
		res.Report = classreport.Failed(opts.Catalogue, res.Error)
		return res, false, true
	}
	defer os.RemoveAll(work)
	src := filepath.Join(work, "src")

	in, err := intake.Unpack(ctx, e, src, opts.Limits)
	if ctx.Err() != nil {
		return res, false, false
	}
	res.Fingerprint = in.Fingerprint
	if in.Learner != nil {
		res.Learner = in.Learner.Name // shown, never the id
	}
	if opts.Resume {
		if prev, found := j.load(e.Name); found && prev.Status != classreport.StatusError &&
			prev.Fingerprint == res.Fingerprint && (err == nil) == (prev.Status != classreport.StatusUnreadable) {
			// Who it belongs to is this run's to say (the roster may have
			// changed); what it scored is the journal's.
			prev.ID, prev.Learner, prev.Roster, prev.NotOnRoster = res.ID, res.Learner, res.Roster, res.NotOnRoster
			return prev, true, true
		}
	}
	if err != nil {
		res.Status, res.Error = classreport.StatusUnreadable, err.Error()
		res.Report = classreport.Failed(opts.Catalogue, "your submission could not be read: "+err.Error())
		res.Report.Warnings = intakeWarnings(in)
		res.Duration = time.Since(started)
		return res, false, true
	}

	name, err := ensureLearnerFile(src, in.Learner, res.ID)
	if err != nil {
		res.Status, res.Error = classreport.StatusError, err.Error()
		res.Report = classreport.Failed(opts.Catalogue, res.Error)
		return res, false, true
	}
	gctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	r, err := opts.Grader.Grade(gctx, Submission{ID: res.ID, Entry: e.Name, Dir: src, Learner: learnerName(res.ID)})
	if ctx.Err() != nil {
		return res, false, false
	}
	timedOut := errors.Is(gctx.Err(), context.DeadlineExceeded)
	switch {
	case err != nil && timedOut:
		res.Status, res.Error = classreport.StatusTimeout, fmt.Sprintf("grading stopped after %v", opts.Timeout)
		res.Report = classreport.Failed(opts.Catalogue, res.Error)
	case err != nil:
		res.Status, res.Error = classreport.StatusError, err.Error()
		res.Report = classreport.Failed(opts.Catalogue, "the grader failed: "+err.Error())
	case r == nil:
		res.Status, res.Error = classreport.StatusError, "the grader returned no report"
		res.Report = classreport.Failed(opts.Catalogue, res.Error)
	default:
		res.Status, res.Report = classreport.StatusGraded, r
		if timedOut {
			res.Status, res.Error = classreport.StatusTimeout, fmt.Sprintf("grading stopped after %v: checks that had not finished count as failed", opts.Timeout)
		}
	}
	if in.Learner != nil && res.Report.Confidence == nil {
		res.Report.Confidence = in.Learner.Confidence
	}
	if res.Report.Learner == "" {
		res.Report.Learner = name
	}
	res.Report.Warnings = append(intakeWarnings(in), res.Report.Warnings...)
	res.Duration = time.Since(started)
	return res, false, true
}

// ensureLearnerFile makes sure the sources have a valid learner file, since
// the checks name their queues after the learner: a submission without one
// (or with a broken one) is graded under a name made from its id. It
// returns the learner name used.
func ensureLearnerFile(src string, l *learner.Learner, id string) (string, error) {
	if l != nil {
		return l.Name, nil
	}
	name := learnerName(id)
	content := fmt.Sprintf("# Written by grader batch: the submission had no valid learner file.\nname: %s\n", name)
	if err := os.WriteFile(filepath.Join(src, learner.FileName), []byte(content), 0o644); err != nil {
		return "", fmt.Errorf("write learner file: %w", err)
	}
	return name, nil
}
