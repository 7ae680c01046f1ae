package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// deleteBatch is the most objects one DeleteObjects call takes.
const deleteBatch = 1000

// emptyBucket deletes every object version and delete marker of a bucket,
// which CloudFormation needs before it can delete the bucket. A bucket
// policy that denies deleting versions without MFA is removed first; a
// bucket with S3 MFA delete on needs the MFA option.
func (s *session) emptyBucket(ctx context.Context, bucket string) error {
	var v struct{ Status, MFADelete string }
	err := s.aws.query(ctx, &v, "s3api", "get-bucket-versioning", "--bucket", bucket)
	if says(err, "NoSuchBucket") {
		fmt.Fprintf(s.w, "   bucket %s is gone already\n", bucket)
		return nil
	}
	if err != nil {
		return err
	}
	if v.MFADelete == "Enabled" && s.o.MFA == "" {
		return fmt.Errorf("bucket %s has MFA delete on, so deleting its versions needs the root user's MFA device: "+
			"run make destroy ENV=%s MFA=\"<device ARN> <current code>\" signed in as the root user", bucket, s.env.Name)
	}
	if err := s.liftVersionGuard(ctx, bucket); err != nil {
		return err
	}
	versions, markers := 0, 0
	for {
		var page struct {
			Versions, DeleteMarkers []struct{ Key, VersionId string }
		}
		if err := s.aws.query(ctx, &page, "s3api", "list-object-versions", "--bucket", bucket,
			"--max-items", fmt.Sprint(deleteBatch)); err != nil {
			return err
		}
		objects := make([]map[string]string, 0, len(page.Versions)+len(page.DeleteMarkers))
		for _, o := range append(page.Versions, page.DeleteMarkers...) {
			objects = append(objects, map[string]string{"Key": o.Key, "VersionId": o.VersionId})
		}
		if len(objects) == 0 {
			break
		}
		if err := s.deleteVersions(ctx, bucket, objects); err != nil {
			return err
		}
		versions += len(page.Versions)
		markers += len(page.DeleteMarkers)
	}
	fmt.Fprintf(s.w, "   emptied %s: %d object version(s) and %d delete marker(s) deleted\n", bucket, versions, markers)
	return nil
}

// deleteVersions deletes one batch of versions for good.
func (s *session) deleteVersions(ctx context.Context, bucket string, objects []map[string]string) error {
	body, err := json.Marshal(map[string]any{"Objects": objects, "Quiet": true})
	if err != nil {
		return fmt.Errorf("encode versions to delete: %w", err)
	}
	file := filepath.Join(s.dir, "delete.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		return fmt.Errorf("write versions to delete: %w", err)
	}
	args := []string{"s3api", "delete-objects", "--bucket", bucket, "--delete", "file://" + file}
	if s.o.MFA != "" {
		args = append(args, "--mfa", s.o.MFA)
	}
	var out struct {
		Errors []struct{ Key, VersionId, Code, Message string }
	}
	if err := s.aws.query(ctx, &out, args...); err != nil {
		return fmt.Errorf("delete %d version(s) in %s: %w", len(objects), bucket, err)
	}
	if len(out.Errors) > 0 {
		e := out.Errors[0]
		return fmt.Errorf("delete versions in %s: %d failed, the first %s (version %s): %s: %s",
			bucket, len(out.Errors), e.Key, e.VersionId, e.Code, e.Message)
	}
	return nil
}

// liftVersionGuard removes the bucket's policy when it denies deleting
// object versions, which emptying the bucket must do.
func (s *session) liftVersionGuard(ctx context.Context, bucket string) error {
	var got struct{ Policy string }
	err := s.aws.query(ctx, &got, "s3api", "get-bucket-policy", "--bucket", bucket)
	if says(err, "NoSuchBucketPolicy") {
		return nil
	}
	if err != nil {
		return err
	}
	guard, ok := versionGuard(got.Policy)
	if !ok {
		return nil
	}
	if _, err := s.aws.run(ctx, "s3api", "delete-bucket-policy", "--bucket", bucket); err != nil {
		return fmt.Errorf("remove the bucket policy of %s: %w", bucket, err)
	}
	fmt.Fprintf(s.w, "   removed the bucket policy of %s: its statement %s denies deleting object versions "+
		"without MFA, and emptying the bucket deletes every version; the stack deletion removes the policy anyway\n",
		bucket, guard)
	return nil
}

// versionGuard finds a Deny that names s3:DeleteObjectVersion in a bucket
// policy, as the generated MFA guard does, and returns its Sid. A Deny of
// s3:* is no guard: the generated ones hold only without TLS.
func versionGuard(policy string) (string, bool) {
	var doc struct {
		Statement []struct {
			Sid    string
			Effect string
			Action any
		}
	}
	if json.Unmarshal([]byte(policy), &doc) != nil {
		return "", false
	}
	for _, st := range doc.Statement {
		if st.Effect != "Deny" {
			continue
		}
		actions, _ := st.Action.([]any)
		if a, ok := st.Action.(string); ok {
			actions = []any{a}
		}
		for _, a := range actions {
			if a, _ := a.(string); strings.EqualFold(a, "s3:DeleteObjectVersion") || strings.EqualFold(a, "s3:DeleteObject*") {
				return orUnnamed(st.Sid), true
			}
		}
	}
	return "", false
}

func orUnnamed(sid string) string {
	if sid == "" {
		return "(no Sid)"
	}
	return sid
}
