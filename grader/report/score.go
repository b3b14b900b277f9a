package report

// Tally scores the report from its checks' statuses, the one place where
// points are counted: a passed check earns its MaxScore and any other
// earns nothing; a skipped check counts toward no maximum; an objective
// passes when none of its checks failed or did not run; the report's
// totals are its objectives', and it passes when every objective does.
func (r *Report) Tally() {
	r.Score, r.MaxScore, r.Passed = 0, 0, true
	for i := range r.Objectives {
		o := &r.Objectives[i]
		o.Score, o.MaxScore, o.Passed = 0, 0, true
		for j := range o.Checks {
			c := &o.Checks[j]
			c.Passed = c.Status == StatusPass
			c.Score = 0
			if c.Passed {
				c.Score = c.MaxScore
			}
			o.Score += c.Score
			if c.Status != StatusSkip {
				o.MaxScore += c.MaxScore
			}
			if c.Status == StatusFail || c.Status == StatusError {
				o.Passed = false
			}
		}
		r.Score += o.Score
		r.MaxScore += o.MaxScore
		r.Passed = r.Passed && o.Passed
	}
}

// ExerciseScore is the points the report gives an exercise's checks.
func (r *Report) ExerciseScore(exercise string) int {
	total := 0
	for _, c := range r.Checks() {
		if c.Exercise == exercise {
			total += c.Score
		}
	}
	return total
}
