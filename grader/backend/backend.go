// Package backend starts what the checks talk to: the embedded emulator on a
// loopback port, one LocalStack container for the whole run, or an endpoint
// someone else runs. Whichever it is, the checks only ever see an endpoint
// URL and credentials (see grader/labtest).
package backend

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Names of the backends, as --backend takes them.
const (
	Embedded   = "embedded"
	LocalStack = "localstack"
	Endpoint   = "endpoint"
)

// Names lists the backends in the order help shows them.
var Names = []string{Embedded, LocalStack, Endpoint}

// Backend is something the checks can reach. Start it once per run and Stop
// it at the end, also when the run is interrupted.
type Backend interface {
	Name() string
	Start(ctx context.Context) (Target, error)
	Stop(ctx context.Context) error
}

// Target is what the runner passes to the checks.
type Target struct {
	// URL is the SQS/SNS endpoint (QUEUELAB_ENDPOINT).
	URL string
	// RealAWS means real AWS through the credential chain (a profile):
	// the checks then work in that account and clean up after themselves.
	RealAWS bool
	// Lacks names the features this backend does not have, with why: the
	// checks whose catalogue entry needs one are skipped by name.
	Lacks map[string]string
}

// Config chooses and configures a backend.
type Config struct {
	// Name is one of Names; empty means Embedded.
	Name string
	// Endpoint is the URL for the endpoint backend; empty means
	// AWS_ENDPOINT_URL, and with neither, real AWS (a profile is needed).
	Endpoint string
	// LocalStackImage is the LocalStack image; empty means DefaultLocalStackImage.
	LocalStackImage string
	// Like names a known emulator behind the endpoint ("fauxqs"), whose
	// missing features are then skipped by name.
	Like string
	// Lacks adds features the backend does not have, each with a reason.
	Lacks map[string]string
	// PerCheck: with the embedded backend, serve no emulator for the run:
	// each check starts one of its own in its test process (Target.URL is
	// empty). The batch uses it, so that no submission shares an emulator
	// with another.
	PerCheck bool
}

// New returns the backend cfg names.
func New(cfg Config) (Backend, error) {
	lacks := map[string]string{}
	if cfg.Like != "" {
		known, ok := Profiles[cfg.Like]
		if !ok {
			return nil, fmt.Errorf("unknown --like %q: known are %s", cfg.Like, strings.Join(profileNames(), ", "))
		}
		for f, why := range known {
			lacks[f] = why
		}
	}
	for f, why := range cfg.Lacks {
		lacks[f] = why
	}
	switch cfg.Name {
	case "", Embedded:
		return &embedded{lacks: lacks, perCheck: cfg.PerCheck}, nil
	case LocalStack:
		image := cfg.LocalStackImage
		if image == "" {
			image = DefaultLocalStackImage
		}
		return &localStack{image: image, docker: dockerRuntime{}, lacks: lacks}, nil
	case Endpoint:
		url := cfg.Endpoint
		if url == "" {
			url = os.Getenv("AWS_ENDPOINT_URL")
		}
		return &endpoint{url: url, lacks: lacks}, nil
	}
	return nil, fmt.Errorf("unknown backend %q: use one of %s", cfg.Name, strings.Join(Names, ", "))
}

// Profiles are the features known emulators lack, by --like name, with the
// reason a skipped check shows.
var Profiles = map[string]map[string]string{
	"fauxqs": {
		"sns-message-structure": "fauxqs delivers the whole {\"default\": ...} document of MessageStructure=json instead of the entry for the protocol",
		"fault-injection":       "fauxqs cannot be made to fail on purpose (QueueLab's /_queuelab/faults)",
	},
}

func profileNames() []string {
	var names []string
	for n := range Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// endpoint is a backend someone else runs.
type endpoint struct {
	url   string
	lacks map[string]string
}

func (e *endpoint) Name() string { return Endpoint }

func (e *endpoint) Start(context.Context) (Target, error) {
	return Target{URL: e.url, RealAWS: e.url == "", Lacks: e.lacks}, nil
}

func (e *endpoint) Stop(context.Context) error { return nil }
