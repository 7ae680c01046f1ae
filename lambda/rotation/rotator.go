package rotation

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

// Event is what Secrets Manager sends the function for each step.
type Event = events.SecretsManagerSecretRotationEvent

// The steps of a rotation, in the order Secrets Manager invokes them.
const (
	StepCreate = "createSecret"
	StepSet    = "setSecret"
	StepTest   = "testSecret"
	StepFinish = "finishSecret"
)

// Outcome says what a step did.
type Outcome string

// Outcomes of the steps.
const (
	Created        Outcome = "created"         // createSecret stored a new value
	AlreadyPending Outcome = "already-pending" // createSecret found the value stored
	NothingToSet   Outcome = "nothing-to-set"  // setSecret, always
	Tested         Outcome = "tested"          // testSecret passed
	Finished       Outcome = "finished"        // finishSecret made the token current
	AlreadyCurrent Outcome = "already-current" // any step, after the rotation is over
)

// Rotator runs the steps of a rotation of one secret.
type Rotator struct {
	api       SecretsAPI
	secretARN string
	keyField  string
}

// New returns a Rotator for the secret with the given ARN whose key
// material lives in the JSON member keyField.
func New(api SecretsAPI, secretARN, keyField string) *Rotator {
	return &Rotator{api: api, secretARN: secretARN, keyField: keyField}
}

// Rotate checks the event and the secret's stages, then runs the event's
// step.
func (r *Rotator) Rotate(ctx context.Context, ev Event) (Outcome, error) {
	if err := r.checkEvent(ev); err != nil {
		return "", err
	}

	stages, err := r.versionStages(ctx)
	if err != nil {
		return "", err
	}
	token := ev.ClientRequestToken
	tokenStages, ok := stages[token]
	if !ok || len(tokenStages) == 0 {
		return "", fmt.Errorf("version %s has no stage for rotation", token)
	}
	if slices.Contains(tokenStages, StageCurrent) {
		if ev.Step == StepFinish && slices.Contains(tokenStages, StagePending) {
			if err := r.removePending(ctx, token); err != nil {
				return "", err
			}
		}
		return AlreadyCurrent, nil
	}
	if !slices.Contains(tokenStages, StagePending) {
		return "", fmt.Errorf("version %s is not staged %s", token, StagePending)
	}

	switch ev.Step {
	case StepCreate:
		return r.create(ctx, token, ev.RotationToken)
	case StepSet:
		return NothingToSet, nil
	case StepTest:
		if err := r.testStep(ctx, token); err != nil {
			return "", err
		}
		return Tested, nil
	default:
		return r.finish(ctx, token, stages)
	}
}

// checkEvent refuses an event for another secret, an unknown step or a
// token that ValidToken refuses, before anything is sent to AWS.
func (r *Rotator) checkEvent(ev Event) error {
	if ev.SecretID != r.secretARN {
		return ErrOtherSecret
	}
	if !KnownStep(ev.Step) {
		return ErrUnknownStep
	}
	if !ValidToken(ev.ClientRequestToken) {
		return ErrBadToken
	}
	return nil
}

// KnownStep reports whether step is one of the four rotation steps.
func KnownStep(step string) bool {
	return step == StepCreate || step == StepSet || step == StepTest || step == StepFinish
}

// ValidToken reports whether token has the length Secrets Manager allows
// and only letters, digits, '-', '_' and '.', characters that need no
// escaping where the VersionId is quoted: in errors, log lines and the
// processor's manifests.
func ValidToken(token string) bool {
	if len(token) < 32 || len(token) > 64 {
		return false
	}
	for _, c := range token {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.'
		if !ok {
			return false
		}
	}
	return true
}

// versionStages returns the stages of every version of the secret, after
// checking that rotation is enabled.
func (r *Rotator) versionStages(ctx context.Context) (map[string][]string, error) {
	out, err := r.api.DescribeSecret(ctx, &secretsmanager.DescribeSecretInput{SecretId: aws.String(r.secretARN)})
	if err != nil {
		return nil, fmt.Errorf("describe secret: %w", err)
	}
	if !aws.ToBool(out.RotationEnabled) {
		return nil, ErrRotationDisabled
	}
	return out.VersionIdsToStages, nil
}

// currentVersion returns the version staged AWSCURRENT.
func currentVersion(stages map[string][]string) (string, error) {
	for version, s := range stages {
		if slices.Contains(s, StageCurrent) {
			return version, nil
		}
	}
	return "", ErrNoCurrent
}

// value reads a version's string value by stage, and by VersionId too
// when version is not empty.
func (r *Rotator) value(ctx context.Context, version, stage string) (string, error) {
	in := &secretsmanager.GetSecretValueInput{SecretId: aws.String(r.secretARN), VersionStage: aws.String(stage)}
	if version != "" {
		in.VersionId = aws.String(version)
	}
	out, err := r.api.GetSecretValue(ctx, in)
	if err != nil {
		return "", fmt.Errorf("get %s value: %w", stage, err)
	}
	if out.SecretString == nil {
		return "", fmt.Errorf("get %s value: %w", stage, ErrNoString)
	}
	return *out.SecretString, nil
}

// isNotFound reports whether err says a version or its value does not
// exist.
func isNotFound(err error) bool {
	var nf *types.ResourceNotFoundException
	return errors.As(err, &nf)
}
