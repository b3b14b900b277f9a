package classreport

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"time"
	"unicode"

	"github.com/queuelab/queuelab/grader/catalogue"
)

//go:embed report.html.tmpl
var reportTemplate string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
}).Parse(reportTemplate))

// HTMLOptions are the class report's settings.
type HTMLOptions struct {
	// Title heads the page; default "QueueLab class report".
	Title string
	// Generated is shown under the title when set.
	Generated time.Time
	// Compared names the previous batch's output folder (--compare);
	// Changes are the students whose score differs from it.
	Compared string
	Changes  []Change
}

// bar is one bar of an inline SVG chart, its geometry already computed.
type bar struct {
	X, Y, W, H int
	Class      string
	Label      string // under or beside the bar
	Value      string // the figure written by the bar
	TX, TY     int    // where Value goes
	LX, LY     int    // where Label goes
	Title      string // tooltip
}

type chart struct {
	Width, Height int
	Bars          []bar
	Axis          []bar // grid lines and their labels
}

type studentRow struct {
	ID, Href   string
	Learner    string // the name in learner.yaml, when it is not the id
	Entry      string
	Missing    bool
	NotListed  bool // graded, but not on the roster
	Score, Max int
	Percent    int
	Objectives []bool
	Status     Status
	Confidence string
	Duration   time.Duration
	Note       string
	// Trouble is set when there is a note: the submission was not graded
	// normally, or its code misbehaved; the page marks it.
	Trouble bool
}

// checkGroup, checkExercise and checkRow are the pass rates per check,
// under objective headings and exercise subheadings, in lesson order.
type checkGroup struct {
	ID, Title string
	Count     string // "12 checks"
	Exercises []checkExercise
}

type checkExercise struct {
	ID, Title string
	Rows      []checkRow
}

type checkRow struct {
	// Parts is the check's name cut where a narrow window may wrap it
	// (between words of its CamelCase), never shortened.
	Parts   []string
	Percent int
	Class   string
	Title   string // tooltip
}

type pageData struct {
	Title        string
	Generated    string
	Stats        Stats
	Objectives   []catalogue.Objective
	Distribution chart
	ObjChart     chart
	CheckGroups  []checkGroup
	Troubled     []studentRow
	Students     []studentRow
	Slowest      []studentRow
	Missing      []studentRow
	NotOnRoster  []studentRow
	Compared     string
	Changes      []changeRow
}

// changeRow is a student whose score changed since the compared batch.
type changeRow struct {
	ID, Before, After string
	Flipped           []string
}

// WriteHTML writes report.html: one self-contained page (styles and charts
// inline, no script, no external asset) for the instructor.
func WriteHTML(w io.Writer, cat *catalogue.Catalogue, results []Result, opts HTMLOptions) error {
	st := Compute(cat, Submitted(results))
	d := pageData{
		Title:        opts.Title,
		Stats:        st,
		Objectives:   cat.Objectives,
		Distribution: distributionChart(st),
		ObjChart:     objectiveChart(st),
		CheckGroups:  checkGroups(st),
	}
	if d.Title == "" {
		d.Title = "QueueLab class report"
	}
	if !opts.Generated.IsZero() {
		d.Generated = opts.Generated.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, res := range results {
		sr := row(cat, res)
		d.Students = append(d.Students, sr)
		if sr.Missing {
			d.Missing = append(d.Missing, sr)
		}
		if sr.NotListed {
			d.NotOnRoster = append(d.NotOnRoster, sr)
		}
	}
	d.Compared = opts.Compared
	for _, c := range opts.Changes {
		cr := changeRow{ID: c.ID, Before: fmt.Sprint(c.Before), After: fmt.Sprint(c.After)}
		if c.New {
			cr.Before = "—"
		}
		if c.Gone {
			cr.After = "—"
		}
		for _, f := range c.Flipped {
			cr.Flipped = append(cr.Flipped, f.String())
		}
		d.Changes = append(d.Changes, cr)
	}
	for _, res := range st.Troubled {
		d.Troubled = append(d.Troubled, row(cat, res))
	}
	for _, res := range st.Slowest {
		d.Slowest = append(d.Slowest, row(cat, res))
	}
	if err := page.Execute(w, d); err != nil {
		return fmt.Errorf("write report.html: %w", err)
	}
	return nil
}

func row(cat *catalogue.Catalogue, res Result) studentRow {
	r := res.Report
	sr := studentRow{
		ID:        res.ID,
		Href:      FeedbackPath(res.ID),
		Entry:     res.Entry,
		Missing:   res.Status == StatusMissing,
		NotListed: res.NotOnRoster,
		Score:     r.Score,
		Max:       maxScore(cat, r),
		Status:    res.Status,
		Duration:  round(res.Duration),
		Note:      Note(res),
	}
	if sr.Missing {
		sr.Href = "" // no feedback page
	}
	if res.Learner != res.ID {
		sr.Learner = res.Learner
	}
	sr.Trouble = Misbehaved(res)
	sr.Percent = percent(sr.Score, sr.Max)
	for _, o := range cat.Objectives {
		or, _ := objectiveOf(r, o.ID)
		sr.Objectives = append(sr.Objectives, or.Passed)
	}
	if v := r.Confidence["overall"]; v >= 1 && v <= 5 {
		sr.Confidence = fmt.Sprintf("%d/5", v)
	} else {
		sr.Confidence = "—"
	}
	return sr
}

// The charts' geometry, in SVG user units.
const (
	chartWidth = 720
	barArea    = 560
)

func distributionChart(st Stats) chart {
	const top, plot, left, step, width = 24, 180, 40, 66, 50
	c := chart{Width: left + 10*step, Height: top + plot + 40}
	most := 1
	for _, n := range st.Distribution {
		most = max(most, n)
	}
	for i, n := range st.Distribution {
		h := n * plot / most
		x := left + i*step
		label := fmt.Sprintf("%d–%d%%", i*10, i*10+9)
		if i == 9 {
			label = "90–100%"
		}
		c.Bars = append(c.Bars, bar{
			X: x, Y: top + plot - h, W: width, H: h, Class: "bar",
			Value: fmt.Sprint(n), TX: x + width/2, TY: top + plot - h - 6,
			Label: label, LX: x + width/2, LY: top + plot + 18,
			Title: fmt.Sprintf("%d students scored %s", n, label),
		})
	}
	c.Axis = append(c.Axis, bar{X: left - 4, Y: top + plot, W: 10 * step, H: 1, Class: "axis"})
	return c
}

// objectiveChart draws each objective's pass rate and the learners'
// confidence, with the objective's full title above its bars.
func objectiveChart(st Stats) chart {
	const rowH, barH, top = 66, 18, 4
	c := chart{Width: chartWidth, Height: top + rowH*len(st.Objectives) + 6}
	for i, o := range st.Objectives {
		y := top + i*rowH
		w := int(o.Rate * barArea)
		c.Bars = append(c.Bars, bar{
			X: 0, Y: y + 18, W: w, H: barH, Class: rateClass(o.Rate),
			Value: fmt.Sprintf("%.0f%% passed", 100*o.Rate), TX: w + 6, TY: y + 32,
			Label: o.ID + " " + o.Title, LX: 0, LY: y + 13,
			Title: fmt.Sprintf("%s: %d of %d students met it", o.ID, o.Passed, st.Students),
		})
		conf, value := 0, "no confidence answers"
		if o.Answered > 0 {
			conf = int(o.Confidence / 5 * barArea)
			value = fmt.Sprintf("confidence %.1f/5", o.Confidence)
		}
		c.Bars = append(c.Bars, bar{
			X: 0, Y: y + 18 + barH + 4, W: conf, H: barH - 6, Class: "bar-conf",
			Value: value, TX: conf + 6, TY: y + 18 + barH + 15,
			Title: fmt.Sprintf("%s: mean confidence of %d learners", o.ID, o.Answered),
		})
	}
	return c
}

// checkGroups lays out the pass rate of every check, objective by
// objective, exercise by exercise, in lesson order.
func checkGroups(st Stats) []checkGroup {
	var out []checkGroup
	for _, g := range st.CheckGroups {
		cg, n := checkGroup{ID: g.ID, Title: g.Title}, 0
		for _, e := range g.Exercises {
			ce := checkExercise{ID: e.ID, Title: e.Title}
			for _, ch := range e.Checks {
				ce.Rows = append(ce.Rows, checkRow{
					Parts:   wordsOf(ch.Name),
					Percent: int(100*ch.Rate + 0.5),
					Class:   rateClass(ch.Rate),
					Title:   fmt.Sprintf("%s %s/%s: %d of %d passed", ch.Objective, ch.Exercise, ch.Name, ch.Passed, st.Students),
				})
			}
			n += len(ce.Rows)
			cg.Exercises = append(cg.Exercises, ce)
		}
		cg.Count = fmt.Sprintf("%d checks", n)
		if n == 1 {
			cg.Count = "1 check"
		}
		out = append(out, cg)
	}
	return out
}

// wordsOf cuts a CamelCase name before each word ("TestQuiz", "Valid") and
// after underscores, where a narrow window may wrap it; joined, the parts
// are the name.
func wordsOf(name string) []string {
	var parts []string
	start := 0
	r := []rune(name)
	for i := 1; i < len(r); i++ {
		prev, cur := r[i-1], r[i]
		lowerBefore := unicode.IsLower(prev) || unicode.IsDigit(prev)
		if (unicode.IsUpper(cur) && lowerBefore) || prev == '_' {
			parts = append(parts, string(r[start:i]))
			start = i
		}
	}
	return append(parts, string(r[start:]))
}

func rateClass(rate float64) string {
	switch {
	case rate >= 0.7:
		return "bar-good"
	case rate >= 0.4:
		return "bar-mid"
	default:
		return "bar-low"
	}
}
