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

// exerciseArg is how a command names an exercise: its number ("02" for
// 02_sqs_send), which the grader and `make check EXERCISES=` accept.
func exerciseArg(id string) string {
	id = clean(id)
	if n, _, ok := strings.Cut(id, "_"); ok && n != "" && strings.Trim(n, "0123456789") == "" {
		return n
	}
	return id
}

// recheck is the command that grades the exercises given again, or every
// exercise when none is: make check, which works in every copy of the kit.
func recheck(ids []string) string {
	args := make([]string, 0, len(ids))
	for _, id := range ids {
		if id = exerciseArg(id); id != "" {
			args = append(args, id)
		}
	}
	switch len(args) {
	case 0:
		return "make check"
	case 1:
		return "make check EXERCISES=" + args[0]
	default:
		return `make check EXERCISES="` + strings.Join(args, " ") + `"`
	}
}

// exerciseList names exercises for a sentence: "02_sqs_send",
// "02_sqs_send and 03_sqs_consume", "a, b and c".
func exerciseList(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = clean(id)
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
