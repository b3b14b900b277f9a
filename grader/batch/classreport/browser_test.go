package classreport

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/queuelab/queuelab/grader/batch/classreport/browsertest"
)

func TestReportInBrowser(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	results := class(t)
	require.NoError(t, WriteAll(dir, testCatalogue(t), results, HTMLOptions{}))
	dom := browsertest.Check(t, filepath.Join(dir, ReportFile), len(results))
	assert.Contains(t, dom, `<table id="compile">`)
	if keep := os.Getenv("QUEUELAB_KEEP_SCREENSHOT"); keep != "" {
		browsertest.Run(t, browsertest.Chromium(t), "--window-size=1100,1600", "--screenshot="+keep, "file://"+filepath.Join(dir, ReportFile))
	}
}
