// Package labtest gives a check what it needs in one line, the way httptest
// gives a test a server: SDK clients for SQS and SNS, reaching either the
// endpoint named in the environment or an embedded emulator started for the
// check, in an account of the check's own, cleaned up when the check ends.
//
// It never imports testcontainers: the grader starts containers, and a check
// only ever sees an endpoint URL and credentials.
package labtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator"
)

// Environment variables the grader sets for checks.
const (
	// EnvEndpoint names the SQS/SNS endpoint checks use; AWS_ENDPOINT_URL is
	// honoured when it is not set. With neither, each check starts an
	// embedded emulator of its own.
	EnvEndpoint = "QUEUELAB_ENDPOINT"
	// EnvRealAWS, set to 1, makes checks use the default AWS credential chain
	// (a profile) instead of a fresh account per check: for real AWS.
	EnvRealAWS = "QUEUELAB_REAL_AWS"
	// EnvRegion sets the region (default us-east-1).
	EnvRegion = "QUEUELAB_REGION"
)

// Lab is what a check works with.
type Lab struct {
	// Ctx is cancelled when the check ends.
	Ctx context.Context
	// Learner is the learner's name, <your-name> in resource names. On a
	// backend the check does not have to itself (any but a per-check embedded
	// emulator) it carries a short random suffix, "ada-k3x9q", so that checks
	// sharing one account (fauxqs, real AWS) never meet; what the check
	// creates under it is deleted when the check ends.
	Learner string
	// Account is the 12-digit account the check works in.
	Account string
	// Endpoint is the URL the clients reach.
	Endpoint string
	// Config is the AWS configuration the clients were made from, for a
	// learner's code that builds its own clients.
	Config aws.Config
	SQS    *sqs.Client
	SNS    *sns.Client
	// Emulator is the embedded emulator, or nil on another backend.
	Emulator *emulator.Emulator
}

// New starts what a check needs and registers its cleanup with t. It also
// registers the check's hint, like Check.
func New(t testing.TB) *Lab {
	t.Helper()
	Check(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)

	lab := &Lab{Ctx: ctx, Learner: Learner(t)}
	region := os.Getenv(EnvRegion)
	if region == "" {
		region = emulator.DefaultRegion
	}
	var httpClient *http.Client
	switch endpoint := endpointFromEnv(); {
	case endpoint != "":
		lab.Endpoint = endpoint
	default:
		emu := emulator.New()
		t.Cleanup(emu.Close)
		lab.Emulator = emu
		lab.Endpoint = "http://127.0.0.1:4566"
		httpClient = emu.Client()
	}

	if os.Getenv(EnvRealAWS) == "1" {
		lab.Config = realAWSConfig(t, ctx, region, lab.Endpoint)
	} else {
		lab.Account = freshAccount(t)
		lab.Config = aws.Config{
			Region:       region,
			Credentials:  credentials.NewStaticCredentialsProvider(lab.Account, "queuelab", ""),
			BaseEndpoint: aws.String(lab.Endpoint),
		}
	}
	if httpClient != nil {
		lab.Config.HTTPClient = httpClient
	}
	lab.Config.RetryMaxAttempts = 1
	lab.SQS = sqs.NewFromConfig(lab.Config)
	lab.SNS = sns.NewFromConfig(lab.Config)
	if lab.Emulator == nil {
		lab.Learner = uniqueName(t, lab.Learner)
		t.Cleanup(func() { lab.deleteScope(lab.Learner) })
	}
	return lab
}

func endpointFromEnv() string {
	if e := os.Getenv(EnvEndpoint); e != "" {
		return e
	}
	return os.Getenv("AWS_ENDPOINT_URL")
}

// freshAccount returns a random 12-digit account id: LocalStack and the
// embedded emulator both treat a 12-digit access key id as the account, so
// every check works alone and checks can run in parallel.
func freshAccount(t testing.TB) string {
	n, err := rand.Int(rand.Reader, big.NewInt(9e11))
	if err != nil {
		t.Fatalf("labtest: pick an account id: %v", err)
	}
	return fmt.Sprintf("%012d", n.Int64()+1e11)
}
