package rotation

import (
	"context"
	"encoding/base64"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// create stores the pending value unless the pending version has one: the
// current value with new key material in the key member. rotationToken,
// when Secrets Manager sends one, is passed on as it asks.
func (r *Rotator) create(ctx context.Context, token, rotationToken string) (Outcome, error) {
	_, err := r.value(ctx, token, StagePending)
	if err == nil {
		return AlreadyPending, nil
	}
	if !isNotFound(err) {
		return "", err
	}

	current, err := r.value(ctx, "", StageCurrent)
	if err != nil {
		return "", err
	}
	doc, err := parseDocument(current)
	if err != nil {
		return "", fmt.Errorf("read %s value: %w", StageCurrent, err)
	}
	if _, err := doc.stringMember(r.keyField); err != nil {
		return "", fmt.Errorf("read %s value: %w", StageCurrent, err)
	}

	material, err := r.newKeyMaterial(ctx)
	if err != nil {
		return "", err
	}
	next := doc.with(r.keyField, base64.StdEncoding.EncodeToString(material))

	in := &secretsmanager.PutSecretValueInput{
		SecretId:           aws.String(r.secretARN),
		ClientRequestToken: aws.String(token),
		SecretString:       aws.String(string(next)),
		VersionStages:      []string{StagePending},
	}
	if rotationToken != "" {
		in.RotationToken = aws.String(rotationToken)
	}
	if _, err := r.api.PutSecretValue(ctx, in); err != nil {
		return "", fmt.Errorf("put pending value: %w", err)
	}
	return Created, nil
}
