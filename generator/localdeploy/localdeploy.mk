# Local deploy: proves a generated template really deploys, against moto
# on 127.0.0.1, with the same `aws cloudformation deploy` a user runs.
# The root Makefile includes this file.
#
#   make deploy-local ENV=staging   deploy out/$(ENV).json, check it, delete it
#   make deploy-local-test          the local deploy package's tests, which
#                                   deploy every out/*.json

ENV ?= dev

.PHONY: deploy-local deploy-local-test deploy-local-tools

deploy-local: deploy-local-tools ## Deploy out/$(ENV).json to moto on loopback, check it, delete it.
	go run ./generator deploy-local -env $(ENV)

deploy-local-test: deploy-local-tools ## The local deploy of every template in out/
	go test ./generator/localdeploy/...

# deploy-local-tools fails, saying how to install it, when a tool the local
# deploy needs is not on PATH.
deploy-local-tools:
	@command -v moto_server >/dev/null 2>&1 || { \
		echo "moto_server not found: the local deploy runs moto on 127.0.0.1 in place of AWS." >&2; \
		echo "Install it with: pip install 'moto[server]==5.2.1'" >&2; \
		exit 1; }
	@command -v aws >/dev/null 2>&1 || { \
		echo "aws not found: the local deploy runs the AWS CLI's cloudformation deploy." >&2; \
		echo "Install it with: pip install 'awscli==1.45.11'" >&2; \
		exit 1; }
