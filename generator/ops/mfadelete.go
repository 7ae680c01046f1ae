package ops

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
)

// mfaPattern is "serial code": an MFA device's ARN and a six-digit code.
var mfaPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:mfa/[\w+=,.@/-]+ [0-9]{6}$`)

var rootPattern = regexp.MustCompile(`^arn:aws[a-z-]*:iam::[0-9]{12}:root$`)

// ErrMFADeleteNeedsRoot is wrapped by the error of an mfa-delete run signed
// in as anyone but the root user.
var ErrMFADeleteNeedsRoot = errors.New("only the root user can turn MFA delete on")

// MFADelete turns S3 MFA delete on for every bucket of the environment, so
// that no version can be deleted for good, nor versioning suspended,
// without the root user's MFA device, then reads each bucket's versioning
// back to show it took.
func MFADelete(ctx context.Context, o Options, stdout, stderr io.Writer) error {
	if !mfaPattern.MatchString(o.MFA) {
		return fmt.Errorf("MFA=%q: give the root user's MFA device ARN and a current code, "+
			"as MFA=\"arn:aws:iam::<account>:mfa/<device> 123456\"", o.MFA)
	}
	s, err := open(ctx, o, stdout, stderr)
	if err != nil {
		return err
	}
	defer s.close()

	if !rootPattern.MatchString(s.caller) && !s.o.assumeRoot {
		return fmt.Errorf("%w: S3 refuses everyone else, administrators too, and you are signed in as %s; "+
			"sign in with root user credentials for this step only", ErrMFADeleteNeedsRoot, s.caller)
	}
	buckets, err := s.buckets(ctx)
	if err != nil {
		return err
	}
	s.stage("turning MFA delete on for %d bucket(s)", len(buckets))
	for _, b := range buckets {
		if err := s.mfaDelete(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// mfaDelete turns MFA delete on for one bucket, unless it is on already,
// and checks that S3 reports it.
func (s *session) mfaDelete(ctx context.Context, bucket string) error {
	var v struct{ Status, MFADelete string }
	if err := s.aws.query(ctx, &v, "s3api", "get-bucket-versioning", "--bucket", bucket); err != nil {
		return err
	}
	if v.MFADelete == "Enabled" {
		fmt.Fprintf(s.w, "   %s: MFA delete is on already\n", bucket)
		return nil
	}
	s.warnLifecycle(ctx, bucket)
	_, err := s.aws.run(ctx, "s3api", "put-bucket-versioning", "--bucket", bucket, "--mfa", s.o.MFA,
		"--versioning-configuration", "Status=Enabled,MFADelete=Enabled")
	if says(err, "AccessDenied") {
		return fmt.Errorf("turn MFA delete on for %s: %w\nThe bucket policy's MFA guard denies changing versioning "+
			"to any session without MFA, the root user's too: sign in with an MFA session "+
			"(aws sts get-session-token --serial-number <device ARN> --token-code <code>) and run again", bucket, err)
	}
	if err != nil {
		return fmt.Errorf("turn MFA delete on for %s: %w\nA code works once: if S3 refused it, "+
			"run again with the next code; buckets already done are skipped", bucket, err)
	}
	if err := s.aws.query(ctx, &v, "s3api", "get-bucket-versioning", "--bucket", bucket); err != nil {
		return err
	}
	if v.Status != "Enabled" || v.MFADelete != "Enabled" {
		return fmt.Errorf("%s reports versioning %q and MFA delete %q after the change, not Enabled and Enabled",
			bucket, v.Status, v.MFADelete)
	}
	fmt.Fprintf(s.w, "   %s: versioning Enabled, MFA delete Enabled\n", bucket)
	return nil
}

// warnLifecycle says when a bucket has lifecycle rules, which AWS
// documents as not usable together with MFA delete.
func (s *session) warnLifecycle(ctx context.Context, bucket string) {
	var lc struct{ Rules []struct{ ID string } }
	if err := s.aws.query(ctx, &lc, "s3api", "get-bucket-lifecycle-configuration", "--bucket", bucket); err != nil || len(lc.Rules) == 0 {
		return
	}
	fmt.Fprintf(s.w, "   warning: %s has %d lifecycle rule(s) (%s, ...); AWS documents MFA delete as not usable with "+
		"lifecycle configurations, so S3 may refuse the change, or the rules may stop applying\n",
		bucket, len(lc.Rules), lc.Rules[0].ID)
}

// buckets lists the environment's buckets: the main stack's and the
// artifact bucket.
func (s *session) buckets(ctx context.Context) ([]string, error) {
	var out []string
	for _, g := range []generated{s.env.Main, s.env.Bootstrap} {
		st, err := s.describeStack(ctx, g.Deploy.StackName)
		if err != nil {
			return nil, err
		}
		if st == nil {
			return nil, fmt.Errorf("no stack %s: deploy it first (make bootstrap, make deploy)", g.Deploy.StackName)
		}
		res, err := s.resources(ctx, g.Deploy.StackName)
		if err != nil {
			return nil, err
		}
		for _, r := range res {
			if r.Type == "AWS::S3::Bucket" {
				out = append(out, r.PhysicalID)
			}
		}
	}
	return out, nil
}
