package classreport

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/queuelab/queuelab/grader/catalogue"
	"github.com/queuelab/queuelab/grader/report"
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
	Score, Max int
	Percent    int
	Objectives []bool
	Status     Status
	Confidence string
	Duration   time.Duration
	Note       string
}

type pageData struct {
	Title        string
	Generated    string
	Stats        Stats
	Objectives   []catalogue.Objective
	Distribution chart
	ObjChart     chart
	CheckChart   chart
	Students     []studentRow
	Slowest      []studentRow
}

// WriteHTML writes report.html: one self-contained page (styles and charts
// inline, no script, no external asset) for the instructor.
func WriteHTML(w io.Writer, cat *catalogue.Catalogue, results []Result, opts HTMLOptions) error {
	st := Compute(cat, results)
	d := pageData{
		Title:        opts.Title,
		Stats:        st,
		Objectives:   cat.Objectives,
		Distribution: distributionChart(st),
		ObjChart:     objectiveChart(st),
		CheckChart:   checkChart(st),
	}
	if d.Title == "" {
		d.Title = "QueueLab class report"
	}
	if !opts.Generated.IsZero() {
		d.Generated = opts.Generated.UTC().Format("2006-01-02 15:04 UTC")
	}
	for _, res := range results {
		d.Students = append(d.Students, row(cat, res))
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
		ID:       res.ID,
		Href:     FeedbackPath(res.ID),
		Score:    r.Score,
		Max:      maxScore(cat, r),
		Status:   res.Status,
		Duration: round(res.Duration),
		Note:     oneLine(res.Error),
	}
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
	if sr.Note == "" {
		sr.Note = compileNote(r)
	}
	return sr
}

func compileNote(r *report.Report) string {
	ce := CompileErrors(r)
	if len(ce) == 0 {
		return ""
	}
	return "does not compile: " + strings.Join(slices.Sorted(maps.Keys(ce)), ", ")
}

// The charts' geometry, in SVG user units.
const (
	chartWidth = 720
	labelWidth = 290
	barArea    = 380
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

func objectiveChart(st Stats) chart {
	const rowH, barH, top = 56, 20, 10
	c := chart{Width: chartWidth, Height: top + rowH*len(st.Objectives) + 10}
	for i, o := range st.Objectives {
		y := top + i*rowH
		w := int(o.Rate * barArea)
		c.Bars = append(c.Bars, bar{
			X: labelWidth, Y: y, W: w, H: barH, Class: rateClass(o.Rate),
			Value: fmt.Sprintf("%.0f%% passed", 100*o.Rate), TX: labelWidth + w + 6, TY: y + 15,
			Label: o.ID + " " + truncate(o.Title, 32), LX: labelWidth - 8, LY: y + 15,
			Title: fmt.Sprintf("%s: %d of %d students met it", o.ID, o.Passed, st.Students),
		})
		conf, value := 0, "no confidence answers"
		if o.Answered > 0 {
			conf = int(o.Confidence / 5 * barArea)
			value = fmt.Sprintf("confidence %.1f/5", o.Confidence)
		}
		c.Bars = append(c.Bars, bar{
			X: labelWidth, Y: y + barH + 4, W: conf, H: barH - 6, Class: "bar-conf",
			Value: value, TX: labelWidth + conf + 6, TY: y + barH + 15,
			Title: fmt.Sprintf("%s: mean confidence of %d learners", o.ID, o.Answered),
		})
	}
	return c
}

func checkChart(st Stats) chart {
	const rowH, barH, top = 24, 16, 6
	c := chart{Width: chartWidth, Height: top + rowH*len(st.Checks) + 6}
	for i, ch := range st.Checks {
		y := top + i*rowH
		w := int(ch.Rate * barArea)
		c.Bars = append(c.Bars, bar{
			X: labelWidth, Y: y, W: w, H: barH, Class: rateClass(ch.Rate),
			Value: fmt.Sprintf("%.0f%%", 100*ch.Rate), TX: labelWidth + w + 6, TY: y + 13,
			Label: truncate(ch.Exercise+"/"+ch.Name, 38), LX: labelWidth - 8, LY: y + 13,
			Title: fmt.Sprintf("%s %s/%s: %d of %d passed", ch.Objective, ch.Exercise, ch.Name, ch.Passed, st.Students),
		})
	}
	return c
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

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
