package labtest

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// realAWSConfig loads the default credential chain (AWS_PROFILE and friends),
// for checks run against a real AWS account.
func realAWSConfig(t testing.TB, ctx context.Context, region, endpoint string) aws.Config {
	t.Helper()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		t.Fatalf("labtest: load AWS credentials (set AWS_PROFILE): %v", err)
	}
	if endpoint != "" {
		cfg.BaseEndpoint = aws.String(endpoint)
	}
	return cfg
}
