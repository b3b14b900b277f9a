package report

// RunnerStatus is the check's status in the three words the test-runner
// formats share (Exercism's results.json, GitHub Classroom's graders):
// "pass", "fail", or "error" for a check that did not run or was skipped.
func (c CheckResult) RunnerStatus() string {
	switch c.Status {
	case StatusPass:
		return "pass"
	case StatusFail:
		return "fail"
	}
	return "error"
}

// RunnerStatus is the status of a whole run in those formats: "error" when
// no check ran (passed or failed), "pass" when every check passed, else
// "fail".
func RunnerStatus(checks []CheckResult) string {
	ran, passed := 0, 0
	for _, c := range checks {
		switch c.Status {
		case StatusPass:
			passed++
			ran++
		case StatusFail:
			ran++
		}
	}
	switch {
	case ran == 0:
		return "error"
	case passed == len(checks):
		return "pass"
	}
	return "fail"
}
