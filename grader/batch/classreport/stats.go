package classreport

import (
	"sort"
	"time"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
)

// TopicObjectives maps each confidence topic of the learner file (the
// lesson's emoji checks) to the objectives it asks about, so that what the
// learners felt can be shown beside what they achieved.
var TopicObjectives = map[string][]string{
	"queues":           {"LO1"},        // "the concept of Queues"
	"sqs":              {"LO2", "LO4"}, // "SQS ... for event-driven system design"
	"failure_handling": {"LO2", "LO4"}, // "Queues, and its implementation with AWS SQS"
	"topics":           {"LO3", "LO4"}, // "Topics, and its implementation with AWS SNS"
	"overall":          {"LO1", "LO2", "LO3", "LO4"},
}

// Stats is what the class report shows, computed from the results.
type Stats struct {
	Students     int
	MaxScore     int
	MeanPercent  float64
	MedianScore  float64
	PassedAll    int
	Distribution [10]int // students per tenth of the maximum score; 100% is in the last
	Objectives   []ObjectiveStats
	Checks       []CheckStats
	// CheckGroups are Checks under their objective, in lesson order.
	CheckGroups []CheckGroup
	// Troubled are graded submissions whose code panicked, hung, crashed,
	// flooded its output or ran out of memory.
	Troubled   []Result
	Slowest    []Result
	Compile    []CompileFailure
	Unreadable []Result
}

// ObjectiveStats is one objective across the class.
type ObjectiveStats struct {
	ID, Title string
	Passed    int
	Rate      float64 // passed / students
	// Confidence is the mean confidence (1-5) of the learners who answered
	// a topic about this objective; Answered counts those learners.
	Confidence float64
	Answered   int
	// ConfidentFailing counts learners who felt confident (4 or 5) and did
	// not meet the objective: who to talk to first.
	ConfidentFailing int
}

// CheckStats is one check across the class.
type CheckStats struct {
	Exercise, Name, Objective string
	Passed                    int
	Rate                      float64
}

// CheckGroup is one objective's checks, exercise by exercise in lesson
// (catalogue) order, and within an exercise in the catalogue's order.
type CheckGroup struct {
	ID, Title string
	Exercises []ExerciseChecks
}

// ExerciseChecks is one exercise's checks within an objective.
type ExerciseChecks struct {
	ID, Title string
	Checks    []CheckStats
}

// CompileFailure is a submission with code that did not compile.
type CompileFailure struct {
	ID        string
	Exercises []string
	Message   string // the first compiler message
}

// Compute gathers the class statistics; results must be sorted (Sort).
func Compute(cat *catalogue.Catalogue, results []Result) Stats {
	s := Stats{Students: len(results), MaxScore: cat.MaxScore()}
	if s.Students == 0 {
		s.Objectives = objectiveStats(cat, nil)
		s.Checks = checkStats(cat, nil)
		s.CheckGroups = groupChecks(cat, s.Checks)
		return s
	}
	var percents float64
	scores := make([]int, 0, len(results))
	for _, res := range results {
		r := res.Report
		max := maxScore(cat, r)
		p := 0.0
		if max > 0 {
			p = float64(r.Score) / float64(max)
		}
		percents += p
		bin := int(p * 10)
		if bin > 9 {
			bin = 9
		}
		s.Distribution[bin]++
		scores = append(scores, r.Score)
		if r.Passed && res.Status == StatusGraded {
			s.PassedAll++
		}
		if res.Status == StatusUnreadable {
			s.Unreadable = append(s.Unreadable, res)
		}
		if res.Status == StatusGraded && len(Troubles(r)) > 0 {
			s.Troubled = append(s.Troubled, res)
		}
		if ce := CompileErrors(r); len(ce) > 0 {
			cf := CompileFailure{ID: res.ID}
			for _, e := range cat.Exercises {
				if msg, ok := ce[e.ID]; ok {
					cf.Exercises = append(cf.Exercises, e.ID)
					if cf.Message == "" {
						cf.Message = msg
					}
				}
			}
			s.Compile = append(s.Compile, cf)
		}
	}
	s.MeanPercent = 100 * percents / float64(len(results))
	sort.Ints(scores)
	if n := len(scores); n%2 == 1 {
		s.MedianScore = float64(scores[n/2])
	} else {
		s.MedianScore = float64(scores[n/2-1]+scores[n/2]) / 2
	}
	s.Objectives = objectiveStats(cat, results)
	s.Checks = checkStats(cat, results)
	s.CheckGroups = groupChecks(cat, s.Checks)
	s.Slowest = slowest(results, 5)
	return s
}

func objectiveStats(cat *catalogue.Catalogue, results []Result) []ObjectiveStats {
	out := make([]ObjectiveStats, 0, len(cat.Objectives))
	for _, o := range cat.Objectives {
		st := ObjectiveStats{ID: o.ID, Title: o.Title}
		var sum float64
		for _, res := range results {
			or, _ := objectiveOf(res.Report, o.ID)
			if or.Passed {
				st.Passed++
			}
			conf, ok := confidenceFor(res.Report, o.ID)
			if !ok {
				continue
			}
			st.Answered++
			sum += conf
			if conf >= 4 && !or.Passed {
				st.ConfidentFailing++
			}
		}
		if len(results) > 0 {
			st.Rate = float64(st.Passed) / float64(len(results))
		}
		if st.Answered > 0 {
			st.Confidence = sum / float64(st.Answered)
		}
		out = append(out, st)
	}
	return out
}

// confidenceFor is one learner's mean answer over the topics that ask about
// an objective; unanswered topics (0) do not count.
func confidenceFor(r *report.Report, objective string) (float64, bool) {
	if r == nil {
		return 0, false
	}
	sum, n := 0, 0
	for topic, objectives := range TopicObjectives {
		v := r.Confidence[topic]
		if v < 1 || v > 5 {
			continue
		}
		for _, id := range objectives {
			if id == objective {
				sum += v
				n++
			}
		}
	}
	if n == 0 {
		return 0, false
	}
	return float64(sum) / float64(n), true
}

func checkStats(cat *catalogue.Catalogue, results []Result) []CheckStats {
	var out []CheckStats
	for _, o := range cat.Objectives {
		for _, e := range cat.Exercises {
			for _, ch := range e.Check {
				if ch.Objective != o.ID {
					continue
				}
				cs := CheckStats{Exercise: e.ID, Name: ch.Name, Objective: o.ID}
				for _, res := range results {
					for _, c := range res.Report.Checks() {
						if c.Exercise == e.ID && c.Name == ch.Name && c.Passed {
							cs.Passed++
						}
					}
				}
				if len(results) > 0 {
					cs.Rate = float64(cs.Passed) / float64(len(results))
				}
				out = append(out, cs)
			}
		}
	}
	return out
}

// groupChecks puts checks under their objective (in the catalogue's
// order of objectives) and their exercise (in lesson order); an objective
// without checks has no group.
func groupChecks(cat *catalogue.Catalogue, checks []CheckStats) []CheckGroup {
	var groups []CheckGroup
	for _, o := range cat.Objectives {
		g := CheckGroup{ID: o.ID, Title: o.Title}
		for _, e := range cat.Exercises {
			ex := ExerciseChecks{ID: e.ID, Title: e.Title}
			for _, ch := range e.Check {
				if ch.Objective != o.ID {
					continue
				}
				for _, cs := range checks {
					if cs.Exercise == e.ID && cs.Name == ch.Name {
						ex.Checks = append(ex.Checks, cs)
					}
				}
			}
			if len(ex.Checks) > 0 {
				g.Exercises = append(g.Exercises, ex)
			}
		}
		if len(g.Exercises) > 0 {
			groups = append(groups, g)
		}
	}
	return groups
}

func slowest(results []Result, n int) []Result {
	s := append([]Result(nil), results...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Duration > s[j].Duration })
	if len(s) > n {
		s = s[:n]
	}
	return s
}

// round keeps durations readable in the report.
func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}
