// Package browsertest opens a class report in headless Chromium, as a
// person would, for the batch grader's tests: it checks the DOM and that a
// screenshot is not blank and shows the charts. Tests skip, saying how to
// install Chromium, where it is missing (and fail under CI=true).
package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/internal/testenv"
)

// Chromium finds a headless-capable Chromium (Debian's package is
// "chromium"), or skips the test saying how to get one (fails it under
// CI=true, where .ci/run installs it).
func Chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	testenv.Missing(t, "no Chromium found: apt-get install -y chromium to check report.html in a browser")
	return ""
}

// Run runs headless Chromium on a local page with everything that
// could reach the network turned off.
func Run(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars",
		"--user-data-dir=" + t.TempDir(),
	}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "chromium: %s", stderr.String())
	return out
}

// Check opens report.html at path in headless Chromium and checks
// what a person would see: the DOM has the charts and tables, and the
// screenshot is not blank and shows the bars. It returns the DOM.
func Check(t *testing.T, path string, students int) string {
	t.Helper()
	bin := Chromium(t)
	url := "file://" + path
	dom := string(Run(t, bin, "--dump-dom", url))
	for _, id := range []string{"chart-distribution", "chart-objectives"} {
		assert.Contains(t, dom, `<svg id="`+id+`"`, "the page has the %s chart", id)
	}
	assert.Contains(t, dom, `<div id="chart-checks"`, "the page has the pass rate per check")
	assert.Equal(t, 10, strings.Count(sectionOf(dom, "chart-distribution"), `class="bar"`), "ten score bands")
	body := dom[strings.Index(dom, `<table id="students">`):]
	body = body[:strings.Index(body, "</table>")]
	assert.Equal(t, students, strings.Count(body, `<a href="feedback/`), "one row per student, linking to the feedback")

	shot := filepath.Join(t.TempDir(), "report.png")
	Run(t, bin, "--window-size=1100,1600", "--screenshot="+shot, url)
	f, err := os.Open(shot)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	nonWhite, bars := countPixels(img)
	total := img.Bounds().Dx() * img.Bounds().Dy()
	assert.Greater(t, nonWhite, total/50, "the screenshot is not blank")
	assert.Greater(t, bars, 2000, "the charts' bars are drawn")
	return dom
}

// countPixels counts pixels that are not white, and pixels in the colours
// of the charts' bars.
func countPixels(img image.Image) (nonWhite, bars int) {
	barColours := [][3]uint32{{0x3a, 0x6f, 0xd8}, {0x2e, 0x9d, 0x5b}, {0xe0, 0xa5, 0x26}, {0xd6, 0x45, 0x3d}, {0x8e, 0x7c, 0xc3}}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r < 250 || g < 250 || bl < 250 {
				nonWhite++
			}
			for _, c := range barColours {
				if near(r, c[0]) && near(g, c[1]) && near(bl, c[2]) {
					bars++
					break
				}
			}
		}
	}
	return nonWhite, bars
}

func near(a, b uint32) bool { return a+6 >= b && b+6 >= a }

// sectionOf returns the SVG element with the given id.
func sectionOf(page, id string) string {
	start := strings.Index(page, `<svg id="`+id+`"`)
	if start < 0 {
		return ""
	}
	end := strings.Index(page[start:], "</svg>")
	return page[start : start+end]
}

// Layout is what a person sees of the pass rate per check in a window of
// a given width: the objective headings in order, and every check's label.
type Layout struct {
	// Viewport is the window's inner width, as the page saw it.
	Viewport int `json:"viewport"`
	// Headings are the objective headings' texts, top to bottom.
	Headings []string `json:"headings"`
	Labels   []Label  `json:"labels"`
}

// Label is one check's label as laid out.
type Label struct {
	// Heading is the objective heading the label is under.
	Heading string `json:"heading"`
	// Text is the label's visible text.
	Text string `json:"text"`
	// Cut is set when the text overflows its box (hidden or drawn over
	// its neighbour); Overlaps when the label reaches into its bar.
	Cut      bool `json:"cut"`
	Overlaps bool `json:"overlaps"`
	// Lines is how many lines the label wraps onto.
	Lines int `json:"lines"`
}

// measure is run in a copy of the page (the report itself has no script):
// it writes the layout, as JSON, into a <pre id="layout">.
const measure = `<script>
(function () {
  var out = {viewport: window.innerWidth, headings: [], labels: []};
  var heading = "";
  document.querySelectorAll("#chart-checks h3, #chart-checks .check-name").forEach(function (el) {
    if (el.tagName === "H3") { heading = el.textContent; out.headings.push(heading); return; }
    var box = el.getBoundingClientRect(), track = el.nextElementSibling.getBoundingClientRect();
    var lh = parseFloat(getComputedStyle(el).lineHeight) || 16;
    out.labels.push({heading: heading, text: el.textContent,
      cut: el.scrollWidth > el.clientWidth + 1, overlaps: box.right > track.left + 1,
      lines: Math.round(box.height / lh)});
  });
  var pre = document.createElement("pre");
  pre.id = "layout";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>`

// MeasureChecks opens report.html at path in a window width pixels wide
// and returns how the pass rate per check is laid out.
func MeasureChecks(t *testing.T, path string, width int) Layout {
	t.Helper()
	bin := Chromium(t)
	page, err := os.ReadFile(path)
	require.NoError(t, err)
	probe := filepath.Join(t.TempDir(), "measure.html")
	withScript := strings.Replace(string(page), "</body>", measure+"</body>", 1)
	require.NoError(t, os.WriteFile(probe, []byte(withScript), 0o644))
	dom := string(Run(t, bin, fmt.Sprintf("--window-size=%d,1000", width), "--dump-dom", "file://"+probe))
	start := strings.Index(dom, `<pre id="layout">`)
	require.GreaterOrEqual(t, start, 0, "the page was measured")
	raw := dom[start+len(`<pre id="layout">`):]
	raw = html.UnescapeString(raw[:strings.Index(raw, "</pre>")])
	var l Layout
	require.NoError(t, json.Unmarshal([]byte(raw), &l))
	return l
}

// Screenshot saves what a window width×height pixels shows of the page at
// path as a PNG at out.
func Screenshot(t *testing.T, path string, width, height int, out string) {
	t.Helper()
	Run(t, Chromium(t), fmt.Sprintf("--window-size=%d,%d", width, height), "--screenshot="+out, "file://"+path)
}
