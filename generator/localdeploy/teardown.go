package localdeploy

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// tearDown empties the stack's buckets, deletes the stack and waits for it
// to go. CloudFormation cannot delete a bucket that still holds objects.
func tearDown(ctx context.Context, w io.Writer, c *clients, s stack) error {
	for _, r := range s.Resources {
		if r.Type != "AWS::S3::Bucket" {
			continue
		}
		n, err := emptyBucket(ctx, c, r.PhysicalID)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   emptied %s: %d object version(s) and delete marker(s)\n", r.PhysicalID, n)
	}

	if err := deleteWhatMotoCannot(ctx, w, c, s.Resources); err != nil {
		return err
	}
	if err := deleteStack(ctx, c, s); err != nil {
		return err
	}

	fmt.Fprintf(w, "   stack deleted\n")
	return nil
}

// emptyBucket deletes every version and delete marker in a bucket and
// returns how many it deleted.
func emptyBucket(ctx context.Context, c *clients, bucket string) (int, error) {
	deleted := 0
	p := s3.NewListObjectVersionsPaginator(c.s3, &s3.ListObjectVersionsInput{Bucket: aws.String(bucket)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return deleted, fmt.Errorf("list versions in %s: %w", bucket, err)
		}

		var ids []s3types.ObjectIdentifier
		for _, v := range page.Versions {
			ids = append(ids, s3types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
		}
		for _, m := range page.DeleteMarkers {
			ids = append(ids, s3types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
		}
		if len(ids) == 0 {
			continue
		}

		if _, err := c.s3.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(bucket),
			Delete: &s3types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		}); err != nil {
			return deleted, fmt.Errorf("delete versions in %s: %w", bucket, err)
		}
		deleted += len(ids)
	}

	return deleted, nil
}

// removePrerequisites deletes what the harness put in place before the
// deploy, so that a server it did not start is left as it was found.
func removePrerequisites(ctx context.Context, c *clients, p prerequisites) error {
	var errs []error
	if p.Bucket != "" {
		if _, err := emptyBucket(ctx, c, p.Bucket); err != nil {
			errs = append(errs, err)
		} else if _, err := c.s3.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(p.Bucket)}); err != nil {
			errs = append(errs, fmt.Errorf("delete artifact bucket: %w", err))
		}
	}
	if p.SecretARN != "" {
		if _, err := c.secrets.DeleteSecret(ctx, &secretsmanager.DeleteSecretInput{
			SecretId: aws.String(p.SecretARN), ForceDeleteWithoutRecovery: aws.Bool(true),
		}); err != nil {
			errs = append(errs, fmt.Errorf("delete secret: %w", err))
		}
	}
	if p.KeyID != "" {
		if _, err := c.kms.ScheduleKeyDeletion(ctx, &kms.ScheduleKeyDeletionInput{
			KeyId: aws.String(p.KeyID), PendingWindowInDays: aws.Int32(7),
		}); err != nil {
			errs = append(errs, fmt.Errorf("schedule deletion of the secret's key: %w", err))
		}
	}

	return errors.Join(errs...)
}
