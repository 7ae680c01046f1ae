package rotation

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// finish makes the token's version current, once its value passes the
// same checks as in testSecret, and then drops its AWSPENDING label, so
// that no version is left looking like a rotation in progress.
func (r *Rotator) finish(ctx context.Context, token string, stages map[string][]string) (Outcome, error) {
	current, err := currentVersion(stages)
	if err != nil {
		return "", err
	}
	if err := r.test(ctx, token); err != nil {
		return "", err
	}

	_, err = r.api.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{
		SecretId:            aws.String(r.secretARN),
		VersionStage:        aws.String(StageCurrent),
		MoveToVersionId:     aws.String(token),
		RemoveFromVersionId: aws.String(current),
	})
	if err != nil {
		return "", fmt.Errorf("move %s from version %s to %s: %w", StageCurrent, current, token, err)
	}
	if err := r.removePending(ctx, token); err != nil {
		return "", err
	}
	return Finished, nil
}

// removePending removes AWSPENDING from the token's version.
func (r *Rotator) removePending(ctx context.Context, token string) error {
	_, err := r.api.UpdateSecretVersionStage(ctx, &secretsmanager.UpdateSecretVersionStageInput{
		SecretId:            aws.String(r.secretARN),
		VersionStage:        aws.String(StagePending),
		RemoveFromVersionId: aws.String(token),
	})
	if err != nil {
		return fmt.Errorf("remove %s from version %s: %w", StagePending, token, err)
	}
	return nil
}
