package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rhysd/actionlint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	k8syaml "sigs.k8s.io/yaml"

	"github.com/queuelab/queuelab/grader/runner"
)

// The ways to grade a class at scale that ship to instructors, in
// handouts/grading-at-scale/: a GitHub Actions workflow (a matrix of shard
// jobs, then a merge job) and Kubernetes manifests (an Indexed Job whose
// completion index is the shard, then a merge Job), with the grader's
// Dockerfile. These tests hold them to what they claim without GitHub, a
// cluster or Docker: the workflow passes actionlint, the manifests decode
// strictly into Kubernetes' own types, and the command lines they run, run
// here as separate processes, grade the sample class as one batch does.

const atScale = "handouts/grading-at-scale"

func atScaleFile(t testing.TB, name string) (path string, data []byte) {
	t.Helper()
	root, err := runner.PristineRoot()
	require.NoError(t, err)
	path = filepath.Join(root, atScale, filepath.FromSlash(name))
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	return path, data
}

func TestWorkflowPassesActionlint(t *testing.T) {
	t.Parallel()
	path, data := atScaleFile(t, "github-workflow.yml")
	var log bytes.Buffer
	l, err := actionlint.NewLinter(&log, &actionlint.LinterOptions{})
	require.NoError(t, err)
	errs, err := l.Lint(path, data, nil)
	require.NoError(t, err)
	for _, e := range errs {
		t.Errorf("actionlint: %v", e)
	}
}

// workflow is what the tests read of the instructor's workflow.
type workflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Needs    any `yaml:"needs"`
		Strategy struct {
			Matrix struct {
				Shard []int `yaml:"shard"`
			} `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t testing.TB) workflow {
	t.Helper()
	_, data := atScaleFile(t, "github-workflow.yml")
	var w workflow
	require.NoError(t, yaml.Unmarshal(data, &w))
	return w
}

// step finds a job's step by name, or by the action it uses.
func (w workflow) step(t testing.TB, job, nameOrUses string) (run string, with map[string]string) {
	t.Helper()
	for _, s := range w.Jobs[job].Steps {
		if s.Name == nameOrUses || strings.HasPrefix(s.Uses, nameOrUses+"@") {
			return s.Run, s.With
		}
	}
	t.Fatalf("job %s has no step %q", job, nameOrUses)
	return "", nil
}

// manifests decodes every document of a manifest file strictly (an unknown
// or misspelt field is an error) into Kubernetes' own types.
func manifests(t testing.TB, name string) []any {
	t.Helper()
	_, data := atScaleFile(t, "k8s/"+name)
	var objs []any
	for doc := range strings.SplitSeq(string(data), "\n---\n") {
		var meta struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
		}
		require.NoError(t, k8syaml.Unmarshal([]byte(doc), &meta))
		var obj any
		switch meta.APIVersion + " " + meta.Kind {
		case "batch/v1 Job":
			obj = &batchv1.Job{}
		case "v1 PersistentVolumeClaim":
			obj = &corev1.PersistentVolumeClaim{}
		case "v1 Pod":
			obj = &corev1.Pod{}
		default:
			t.Fatalf("%s: unexpected %s %s", name, meta.APIVersion, meta.Kind)
		}
		require.NoError(t, k8syaml.UnmarshalStrict([]byte(doc), obj), "%s: %s", name, meta.Kind)
		objs = append(objs, obj)
	}
	return objs
}

func job(t testing.TB, name string) *batchv1.Job {
	t.Helper()
	objs := manifests(t, name)
	require.Len(t, objs, 1)
	j, ok := objs[0].(*batchv1.Job)
	require.True(t, ok, "%s holds a Job", name)
	return j
}

func TestKubernetesManifestsDecodeStrictly(t *testing.T) {
	t.Parallel()
	class := manifests(t, "class.yaml")
	require.Len(t, class, 2)
	pvc := class[0].(*corev1.PersistentVolumeClaim)
	assert.Contains(t, pvc.Spec.AccessModes, corev1.ReadWriteMany, "shards run side by side on several nodes")

	grade, merge := job(t, "grade-job.yaml"), job(t, "merge-job.yaml")
	require.NotNil(t, grade.Spec.CompletionMode)
	assert.Equal(t, batchv1.IndexedCompletion, *grade.Spec.CompletionMode)
	require.NotNil(t, grade.Spec.Completions)
	n := int(*grade.Spec.Completions)
	c := grade.Spec.Template.Spec.Containers[0]
	assert.Contains(t, c.Args, fmt.Sprintf("$(JOB_COMPLETION_INDEX)/%d", n), "--shard I/N with N the completions")
	assert.Contains(t, c.Args, "--resume", "a retried pod keeps what its shard graded")
	assert.Equal(t, corev1.RestartPolicyNever, grade.Spec.Template.Spec.RestartPolicy)

	mc := merge.Spec.Template.Spec.Containers[0]
	assert.Equal(t, c.Image, mc.Image, "one grader for grading and merging")
	var shards []string
	for i := range n {
		shards = append(shards, fmt.Sprintf("/class/shards/%d", i))
	}
	assert.Equal(t, append(append([]string{"merge"}, shards...), "--out", "/class/results"), mc.Args, "merge lists every shard")

	for _, j := range []*batchv1.Job{grade, merge} {
		vols := j.Spec.Template.Spec.Volumes
		require.Len(t, vols, 1)
		assert.Equal(t, pvc.Name, vols[0].PersistentVolumeClaim.ClaimName)
	}
	_, dockerfile := atScaleFile(t, "Dockerfile")
	assert.Contains(t, string(dockerfile), `ENTRYPOINT ["grader"]`)
	assert.Equal(t, []string{"grader"}, c.Command)
}

// TestShardedRunsAsShippedEqualOneBatch grades the sample class once as
// one batch, then as the workflow's shard jobs and merge job and as the
// Kubernetes Indexed Job's pods and merge Job: their exact command lines,
// with the matrix, the completion index and the volume filled in, run as
// separate processes of the grader built here. Both merged outputs equal
// the single batch's, timings and the runner's evidence text aside (see
// withoutEvidence); the batch's own journal merged gives its outputs
// exactly. One pod is killed mid-way and run again, as Kubernetes retries
// it.
func TestShardedRunsAsShippedEqualOneBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the sample class three times with the real runner")
	}
	root, err := runner.PristineRoot()
	require.NoError(t, err)
	bin := filepath.Join(t.TempDir(), "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "grader"), "./grader/cmd/grader")
	build.Dir = root
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	subs, _ := sampleClass(t)
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))

	whole := filepath.Join(t.TempDir(), "whole")
	run(t, exec.Command(filepath.Join(bin, "grader"), "batch", subs, "--out", whole), env)
	// Merge writes exactly what the batch wrote, from the same journal.
	remerged := filepath.Join(t.TempDir(), "remerged")
	run(t, exec.Command(filepath.Join(bin, "grader"), "merge", whole, "--out", remerged), env)
	assertSameOutputs(t, scrubbedOutputs(t, whole), scrubbedOutputs(t, remerged))
	want := withoutEvidence(t, scrubbedOutputs(t, whole))

	t.Run("github", func(t *testing.T) {
		w := readWorkflow(t)
		matrix := w.Jobs["shard"].Strategy.Matrix.Shard
		require.Len(t, matrix, 3)
		assert.Equal(t, "shard", w.Jobs["merge"].Needs)
		for k, v := range w.Env {
			env = append(env, k+"="+v)
		}
		merger := t.TempDir() // the merge job's machine
		script, _ := w.step(t, "shard", "Grade")
		_, up := w.step(t, "shard", "actions/upload-artifact")
		_, down := w.step(t, "merge", "actions/download-artifact")
		var jobs []*exec.Cmd
		var uploads []func()
		for _, shard := range matrix {
			vars := map[string]string{"matrix.shard": strconv.Itoa(shard), "strategy.job-total": strconv.Itoa(len(matrix))}
			machine := t.TempDir() // each job's own machine, with the class checked out
			require.NoError(t, os.Symlink(subs, filepath.Join(machine, w.Env["SUBMISSIONS"])))
			cmd := exec.Command("bash", "-e", "-c", expand(t, script, vars))
			cmd.Dir = machine
			jobs = append(jobs, start(t, cmd, env))
			// What upload-artifact uploads, download-artifact (pattern,
			// several artifacts) puts in path/<artifact name>.
			uploads = append(uploads, func() {
				require.NoError(t, os.CopyFS(filepath.Join(merger, down["path"], expand(t, up["name"], vars)),
					os.DirFS(filepath.Join(machine, expand(t, up["path"], vars)))))
			})
		}
		for i, j := range jobs {
			wait(t, j)
			uploads[i]()
		}
		merge, _ := w.step(t, "merge", "Merge")
		cmd := exec.Command("bash", "-e", "-c", expand(t, merge, nil))
		cmd.Dir = merger
		run(t, cmd, env)
		_, results := w.step(t, "merge", "Upload the results")
		assertSameOutputs(t, want, withoutEvidence(t, scrubbedOutputs(t, filepath.Join(merger, results["path"]))))
	})

	t.Run("kubernetes", func(t *testing.T) {
		grade, merge := job(t, "grade-job.yaml"), job(t, "merge-job.yaml")
		class := t.TempDir() // the shared volume
		require.NoError(t, os.Symlink(subs, filepath.Join(class, "submissions")))
		mount := grade.Spec.Template.Spec.Containers[0].VolumeMounts[0].MountPath
		pod := func(j *batchv1.Job, index int) *exec.Cmd {
			c := j.Spec.Template.Spec.Containers[0]
			vars := map[string]string{}
			for _, e := range c.Env {
				switch {
				case e.ValueFrom != nil && e.ValueFrom.FieldRef != nil &&
					e.ValueFrom.FieldRef.FieldPath == "metadata.annotations['batch.kubernetes.io/job-completion-index']":
					vars[e.Name] = strconv.Itoa(index)
				default:
					vars[e.Name] = e.Value
				}
			}
			argv := append(append([]string(nil), c.Command...), c.Args...)
			for i, a := range argv {
				a = k8sExpand(a, vars)
				if rest, ok := strings.CutPrefix(a, mount); ok {
					a = class + rest
				}
				argv[i] = a
			}
			cmd := exec.Command(filepath.Join(bin, argv[0]), argv[1:]...) // the image's PATH
			cmd.Args[0] = argv[0]
			cmd.Dir = class
			return cmd
		}
		n := int(*grade.Spec.Completions)
		// Pod 1 is killed once it has graded a submission, and retried.
		killed := start(t, pod(grade, 1), env)
		waitForResults(t, filepath.Join(class, "shards", "1", JournalDir), 1)
		require.NoError(t, syscall.Kill(-killed.Process.Pid, syscall.SIGKILL))
		_ = killed.Wait()
		var pods []*exec.Cmd
		for i := range n {
			pods = append(pods, start(t, pod(grade, i), env))
		}
		for _, p := range pods {
			wait(t, p)
		}
		run(t, pod(merge, 0), env)
		assertSameOutputs(t, want, withoutEvidence(t, scrubbedOutputs(t, filepath.Join(class, "results"))))
	})
}

// withoutEvidence leaves out what differs between two gradings of the same
// submission by the runner, sharded or not: a check's captured output and
// message (a passing check's "PASS" line is not always captured, and a why
// can be told "as above") and a randomised check's seed, drawn afresh each
// run; so results.json loses those fields and the
// feedback pages and junit.xml, which quote them, are left out. Scores,
// statuses and notes (grades.csv, report.html, results.json's verdicts)
// must still be equal.
func withoutEvidence(t *testing.T, outputs map[string]string) map[string]string {
	t.Helper()
	kept := map[string]string{}
	for name, s := range outputs {
		switch {
		case strings.HasPrefix(name, "feedback/"), name == "junit.xml":
			continue
		case name == "results.json":
			var doc any
			require.NoError(t, json.Unmarshal([]byte(s), &doc))
			dropKeys(doc, "output", "message", "seed")
			pretty, err := json.MarshalIndent(doc, "", " ")
			require.NoError(t, err)
			s = string(pretty)
		}
		kept[name] = s
	}
	return kept
}

func dropKeys(v any, keys ...string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if slices.Contains(keys, k) {
				delete(v, k)
				continue
			}
			dropKeys(x, keys...)
		}
	case []any:
		for _, x := range v {
			dropKeys(x, keys...)
		}
	}
}

// assertSameOutputs compares two batches' outputs file by file, and shows
// the first line that differs in each file.
func assertSameOutputs(t *testing.T, want, got map[string]string) {
	t.Helper()
	assert.Equal(t, slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got)), "the same files")
	for name, w := range want {
		g, ok := got[name]
		if !ok || g == w {
			continue
		}
		wl, gl := strings.Split(w, "\n"), strings.Split(g, "\n")
		for i := range max(len(wl), len(gl)) {
			a, b := "", ""
			if i < len(wl) {
				a = wl[i]
			}
			if i < len(gl) {
				b = gl[i]
			}
			if a != b {
				t.Errorf("%s differs from one batch's at line %d:\n  one batch: %.400s\n  merged:    %.400s", name, i+1, a, b)
				break
			}
		}
	}
}

var expression = regexp.MustCompile(`\$\{\{\s*([a-z.-]+)\s*\}\}`)

// expand fills in a workflow's ${{ name }} expressions.
func expand(t testing.TB, s string, vars map[string]string) string {
	t.Helper()
	return expression.ReplaceAllStringFunc(s, func(m string) string {
		name := expression.FindStringSubmatch(m)[1]
		v, ok := vars[name]
		require.True(t, ok, "no value for ${{ %s }}", name)
		return v
	})
}

var k8sVar = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_]*)\)`)

// k8sExpand does what the kubelet does to a container's command and args:
// $(VAR) becomes the container's variable VAR.
func k8sExpand(s string, vars map[string]string) string {
	return k8sVar.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := vars[k8sVar.FindStringSubmatch(m)[1]]; ok {
			return v
		}
		return m
	})
}

// start starts cmd in its own process group, with its output in the test log.
func start(t *testing.T, cmd *exec.Cmd, env []string) *exec.Cmd {
	t.Helper()
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("%s:\n%s", strings.Join(cmd.Args, " "), tail(log.String()))
		}
	})
	return cmd
}

func wait(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	err := cmd.Wait()
	require.NoError(t, err, "%s:\n%s", strings.Join(cmd.Args, " "), tail(fmt.Sprint(cmd.Stdout)))
}

func run(t *testing.T, cmd *exec.Cmd, env []string) {
	t.Helper()
	wait(t, start(t, cmd, env))
}

func tail(s string) string {
	if len(s) > 4000 {
		return "…" + s[len(s)-4000:]
	}
	return s
}

// waitForResults waits until a journal holds n results.
func waitForResults(t *testing.T, dir string, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		files, _ := filepath.Glob(filepath.Join(dir, "*-*.json"))
		if len(files) >= n {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s: no %d results after 5 minutes", dir, n)
}
