package text

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/learner"
)

// confidence is the learner's answers to the lesson's 1-5 checks, in the
// lesson's order, or a nudge when none is answered yet; "" when the report
// has none at all.
func confidence(answers map[string]int) string {
	if len(answers) == 0 {
		return ""
	}
	topics := slices.Clone(learner.Topics)
	var others []string
	for topic := range answers {
		if !slices.Contains(topics, topic) {
			others = append(others, topic)
		}
	}
	slices.Sort(others)
	var parts []string
	for _, topic := range append(topics, others...) {
		if v := answers[topic]; v > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(clean(topic), "_", " "), v))
		}
	}
	if len(parts) == 0 {
		return "not answered yet: rate each topic 1-5 in " + learner.FileName
	}
	return strings.Join(parts, " · ")
}

// formatDuration rounds a run's duration for people: 2.3s, 850ms.
func formatDuration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(100 * time.Millisecond).String()
}
