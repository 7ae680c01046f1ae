package rotation

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
)

const (
	secretARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:pipeline-AbCdEf"
	token1    = "11111111-1111-4111-8111-111111111111"
	token2    = "22222222-2222-4222-8222-222222222222"
	token0    = "00000000-0000-4000-8000-000000000000"
)

// fakeVersion is one version of the fake secret.
type fakeVersion struct {
	value  *string
	stages []string
}

// fakeSecrets keeps the versions and stages of one secret as Secrets
// Manager does, notes every call and fails the operations it is told to.
type fakeSecrets struct {
	rotationEnabled bool
	versions        map[string]*fakeVersion
	password        string
	fail            map[string]error // by operation name
	calls           []string         // operation names, in order
	puts            []secretsmanager.PutSecretValueInput
}

// newFake returns a secret with rotation enabled whose version token1
// holds current and is AWSCURRENT, and whose version token2 is an empty
// AWSPENDING version, as Secrets Manager leaves it before createSecret.
func newFake(current string) *fakeSecrets {
	return &fakeSecrets{
		rotationEnabled: true,
		versions: map[string]*fakeVersion{
			token1: {value: &current, stages: []string{StageCurrent}},
			token2: {stages: []string{StagePending}},
		},
		password: strings.Repeat("Ab3", 21) + "Z",
		fail:     map[string]error{},
	}
}

func (f *fakeSecrets) call(op, secretID string) error {
	f.calls = append(f.calls, op)
	if err := f.fail[op]; err != nil {
		return err
	}
	if secretID != secretARN {
		return &types.ResourceNotFoundException{Message: aws.String("no such secret")}
	}
	return nil
}

func (f *fakeSecrets) DescribeSecret(_ context.Context, in *secretsmanager.DescribeSecretInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.DescribeSecretOutput, error) {
	if err := f.call("DescribeSecret", aws.ToString(in.SecretId)); err != nil {
		return nil, err
	}
	stages := map[string][]string{}
	for id, v := range f.versions {
		if len(v.stages) > 0 {
			stages[id] = slices.Clone(v.stages)
		}
	}
	return &secretsmanager.DescribeSecretOutput{ARN: in.SecretId, RotationEnabled: aws.Bool(f.rotationEnabled),
		VersionIdsToStages: stages}, nil
}

func (f *fakeSecrets) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	if err := f.call("GetSecretValue", aws.ToString(in.SecretId)); err != nil {
		return nil, err
	}
	id, stage := aws.ToString(in.VersionId), aws.ToString(in.VersionStage)
	if id == "" {
		id = f.staged(stage)
	}
	v, ok := f.versions[id]
	if !ok || v.value == nil {
		return nil, &types.ResourceNotFoundException{Message: aws.String("no value")}
	}
	if stage != "" && !slices.Contains(v.stages, stage) {
		return nil, &types.InvalidRequestException{Message: aws.String("stage and version do not match")}
	}
	return &secretsmanager.GetSecretValueOutput{VersionId: aws.String(id), SecretString: v.value,
		VersionStages: slices.Clone(v.stages)}, nil
}

func (f *fakeSecrets) PutSecretValue(_ context.Context, in *secretsmanager.PutSecretValueInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.PutSecretValueOutput, error) {
	if err := f.call("PutSecretValue", aws.ToString(in.SecretId)); err != nil {
		return nil, err
	}
	f.puts = append(f.puts, *in)
	id := aws.ToString(in.ClientRequestToken)
	v, ok := f.versions[id]
	if ok && v.value != nil {
		if *v.value != aws.ToString(in.SecretString) {
			return nil, &types.ResourceExistsException{Message: aws.String("version exists")}
		}
		return &secretsmanager.PutSecretValueOutput{VersionId: aws.String(id)}, nil
	}
	if !ok {
		v = &fakeVersion{}
		f.versions[id] = v
	}
	v.value = in.SecretString
	for _, s := range in.VersionStages {
		f.unstage(s)
		v.stages = append(v.stages, s)
	}
	return &secretsmanager.PutSecretValueOutput{VersionId: aws.String(id)}, nil
}

func (f *fakeSecrets) UpdateSecretVersionStage(_ context.Context, in *secretsmanager.UpdateSecretVersionStageInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.UpdateSecretVersionStageOutput, error) {
	if err := f.call("UpdateSecretVersionStage", aws.ToString(in.SecretId)); err != nil {
		return nil, err
	}
	stage, from, to := aws.ToString(in.VersionStage), aws.ToString(in.RemoveFromVersionId), aws.ToString(in.MoveToVersionId)
	invalid := func(msg string) error { return &types.InvalidParameterException{Message: aws.String(msg)} }
	if from != "" {
		v, ok := f.versions[from]
		if !ok || !slices.Contains(v.stages, stage) {
			return nil, invalid("stage not on that version")
		}
	}
	if to != "" {
		if _, ok := f.versions[to]; !ok {
			return nil, invalid("no such version")
		}
		if held := f.staged(stage); held != "" && held != from && held != to {
			return nil, invalid("stage is on another version")
		}
	}

	if from != "" {
		f.versions[from].stages = slices.DeleteFunc(f.versions[from].stages, func(s string) bool { return s == stage })
	}
	if to != "" && !slices.Contains(f.versions[to].stages, stage) {
		f.versions[to].stages = append(f.versions[to].stages, stage)
	}
	if stage == StageCurrent && from != "" && to != "" {
		f.unstage(StagePrevious)
		f.versions[from].stages = append(f.versions[from].stages, StagePrevious)
	}
	return &secretsmanager.UpdateSecretVersionStageOutput{}, nil
}

func (f *fakeSecrets) GetRandomPassword(_ context.Context, _ *secretsmanager.GetRandomPasswordInput,
	_ ...func(*secretsmanager.Options)) (*secretsmanager.GetRandomPasswordOutput, error) {
	if err := f.call("GetRandomPassword", secretARN); err != nil {
		return nil, err
	}
	return &secretsmanager.GetRandomPasswordOutput{RandomPassword: aws.String(f.password)}, nil
}

// staged returns the version that holds stage, or "".
func (f *fakeSecrets) staged(stage string) string {
	for id, v := range f.versions {
		if slices.Contains(v.stages, stage) {
			return id
		}
	}
	return ""
}

func (f *fakeSecrets) unstage(stage string) {
	for _, v := range f.versions {
		v.stages = slices.DeleteFunc(v.stages, func(s string) bool { return s == stage })
	}
}

// state renders every version as "id=stages:value" in a stable order, to
// compare the secret before and after a step.
func (f *fakeSecrets) state() []string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(f.versions)) {
		v := f.versions[id]
		stages := slices.Clone(v.stages)
		sort.Strings(stages)
		value := "<empty>"
		if v.value != nil {
			value = *v.value
		}
		out = append(out, id+"="+strings.Join(stages, ",")+":"+value)
	}
	return out
}

// value returns the value of a version, or "" when it has none.
func (f *fakeSecrets) value(id string) string {
	if v, ok := f.versions[id]; ok && v.value != nil {
		return *v.value
	}
	return ""
}

var errAccessDenied = errors.New("AccessDeniedException: not allowed")
