package lesson

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/queuelab/queuelab/grader/emulator"
)

// DocsAccount is the account the emulator and LocalStack give any access key
// id that is not 12 digits: the README's "one account everywhere".
const DocsAccount = "000000000000"

// NoServerError says that nothing answered at the endpoint.
type NoServerError struct {
	Endpoint string
	Err      error
}

func (e *NoServerError) Error() string {
	return fmt.Sprintf("nothing answers at %s: start the emulator with `make serve` (or `grader serve`) in another terminal, or pass --endpoint URL where you followed the lesson", e.Endpoint)
}

func (e *NoServerError) Unwrap() error { return e.Err }

// target is where the lesson is graded: the clients of one account, and
// on QueueLab's emulator its observer's view.
type target struct {
	sqs *sqs.Client
	sns *sns.Client
	// emulator is set on QueueLab's emulator (grader serve), which keeps
	// what entered each queue: then nothing is received.
	emulator *observer
	account  string
	// otherAccounts also hold the learner's sales queue.
	otherAccounts []string
}

// observer reads the emulator's observer view over HTTP.
type observer struct {
	endpoint string
	http     *http.Client
}

func (o *observer) get(ctx context.Context, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.endpoint+path, nil)
	if err != nil {
		return err
	}
	resp, err := o.http.Do(req)
	if err != nil {
		return &NoServerError{Endpoint: o.endpoint, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s%s: %s", o.endpoint, path, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// errNotEmulator: the endpoint has no observer's view (LocalStack, others).
var errNotEmulator = errors.New("not QueueLab's emulator")

func (o *observer) accounts(ctx context.Context) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.endpoint+emulator.AccountsPath, nil)
	if err != nil {
		return nil, err
	}
	resp, err := o.http.Do(req)
	if err != nil {
		return nil, &NoServerError{Endpoint: o.endpoint, Err: err}
	}
	defer resp.Body.Close()
	var reply emulator.AccountsReply
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&reply) != nil {
		return nil, errNotEmulator
	}
	return reply.Accounts, nil
}

func (o *observer) history(ctx context.Context, account string) ([]emulator.Arrival, error) {
	var reply emulator.HistoryReply
	err := o.get(ctx, emulator.HistoryPath+"?account="+account, &reply)
	return reply.Arrivals, err
}

// connect finds where to grade: on the emulator, the account that holds
// the learner's sales queue; elsewhere, the account of the credentials.
func connect(ctx context.Context, cfg Config) (*target, error) {
	hc := cfg.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	if cfg.Endpoint == "" {
		awsCfg, err := config.LoadDefaultConfig(ctx, config.WithSharedConfigProfile(cfg.Profile), config.WithRegion(cfg.region()))
		if err != nil {
			return nil, fmt.Errorf("load AWS credentials (profile %q): %w", cfg.Profile, err)
		}
		return &target{sqs: sqs.NewFromConfig(awsCfg), sns: sns.NewFromConfig(awsCfg)}, nil
	}
	endpoint := strings.TrimRight(cfg.Endpoint, "/")
	obs := &observer{endpoint: endpoint, http: hc}
	accounts, err := obs.accounts(ctx)
	var noServer *NoServerError
	if errors.As(err, &noServer) {
		return nil, err
	}
	if err != nil { // another emulator: the credentials say which account
		if os.Getenv("AWS_ACCESS_KEY_ID") == "" && cfg.Profile == "" && os.Getenv("AWS_PROFILE") == "" {
			awsCfg := aws.Config{Region: cfg.region(), BaseEndpoint: aws.String(endpoint), HTTPClient: hc,
				Credentials: credentials.NewStaticCredentialsProvider("test", "test", "")}
			return &target{sqs: sqs.NewFromConfig(awsCfg), sns: sns.NewFromConfig(awsCfg)}, nil
		}
		awsCfg, err := config.LoadDefaultConfig(ctx, config.WithSharedConfigProfile(cfg.Profile), config.WithRegion(cfg.region()),
			config.WithBaseEndpoint(endpoint))
		if err != nil {
			return nil, fmt.Errorf("load AWS credentials: %w", err)
		}
		awsCfg.HTTPClient = hc
		return &target{sqs: sqs.NewFromConfig(awsCfg), sns: sns.NewFromConfig(awsCfg)}, nil
	}
	clients := func(account string) *target {
		awsCfg := aws.Config{
			Region:       cfg.region(),
			Credentials:  credentials.NewStaticCredentialsProvider(account, "queuelab", ""),
			BaseEndpoint: aws.String(endpoint),
			HTTPClient:   hc,
		}
		return &target{sqs: sqs.NewFromConfig(awsCfg), sns: sns.NewFromConfig(awsCfg), emulator: obs, account: account}
	}
	var holders []string
	for _, a := range accounts {
		if _, err := clients(a).sqs.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(salesQueue(cfg.Learner))}); err == nil {
			holders = append(holders, a)
		}
	}
	graded := DocsAccount
	if len(holders) > 0 && !slices.Contains(holders, DocsAccount) {
		graded = holders[0]
	}
	t := clients(graded)
	for _, a := range holders {
		if a != graded {
			t.otherAccounts = append(t.otherAccounts, a)
		}
	}
	return t, nil
}
