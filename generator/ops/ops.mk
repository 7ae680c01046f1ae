# Operating an environment in AWS with the AWS CLI, from the templates in
# out/. The root Makefile includes this file. Each target runs
# `go run ./generator ops <command>`; see go run ./generator ops -h.
#
#   make bootstrap ENV=prod    deploy out/<suffix>.bootstrap.json: artifact bucket and key
#   make package ENV=prod      build the functions, upload them, record dist/<suffix>.params.json
#   make plan ENV=prod         show what make deploy would change; change nothing
#   make deploy ENV=prod       deploy out/<suffix>.json
#   make destroy ENV=dev       empty the buckets, delete the stacks (CONFIRM=prod for prod;
#                              KEEP_BOOTSTRAP=1 keeps the bootstrap stack)
#   make mfa-delete ENV=prod MFA="<root MFA device ARN> <code>"
#
# ENDPOINT_URL sends every AWS CLI call to a stand-in for AWS instead.

ENDPOINT_URL ?=
CONFIRM      ?=
MFA          ?=
KEEP_BOOTSTRAP ?=

OPS       := go run ./generator ops
OPS_FLAGS  = -env $(ENV) -spec $(SPEC) -out $(OUT) $(if $(ENDPOINT_URL),-endpoint-url $(ENDPOINT_URL))
DESTROY_FLAGS = $(strip $(if $(CONFIRM),-confirm $(CONFIRM)) $(if $(MFA),-mfa "$(MFA)") \
  $(if $(KEEP_BOOTSTRAP),-keep-bootstrap))

.PHONY: bootstrap package plan deploy destroy mfa-delete ops-tools

bootstrap: ops-tools ## Deploy the environment's bootstrap stack (ENV=prod): artifact bucket and key.
	$(OPS) bootstrap $(OPS_FLAGS)

package: ops-tools lambda rotator ## Build both functions and upload them to the artifact bucket (ENV=prod).
	$(OPS) package $(OPS_FLAGS)

plan: ops-tools ## Show what make deploy would change (ENV=prod); execute nothing.
	$(OPS) plan $(OPS_FLAGS)

deploy: ops-tools ## Deploy the environment's main stack (ENV=prod) with the packaged functions.
	$(OPS) deploy $(OPS_FLAGS)

destroy: ops-tools ## Empty the buckets, delete the stacks (ENV=dev; CONFIRM=prod for prod; KEEP_BOOTSTRAP=1).
	$(OPS) destroy $(OPS_FLAGS) $(DESTROY_FLAGS)

mfa-delete: ops-tools ## Turn S3 MFA delete on for the environment's buckets (root user; MFA="arn code").
	$(OPS) mfa-delete $(OPS_FLAGS) -mfa "$(MFA)"

# ops-tools fails, saying how to install it, when the AWS CLI is missing.
ops-tools:
	@command -v aws >/dev/null 2>&1 || { \
	  echo "aws not found: the operations targets run the AWS CLI." >&2; \
	  echo "Install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)," >&2; \
	  echo "or v1 with: pip install awscli" >&2; \
	  exit 1; }
