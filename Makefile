# Everyday commands. `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

ENV  ?= dev
SPEC ?= templates/pipeline.yaml
OUT  ?= out

# Tools the tests need, beyond Go. They come with the machine image; the
# README says how to install them elsewhere.
PYTHON_TOOLS := cfn-lint moto_server aws

.PHONY: help
help: ## List the targets.
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

.PHONY: tools
tools: ## Check that every tool the tests need is installed.
	@command -v go >/dev/null || { echo "go is not installed: install Go 1.26 from https://go.dev/dl" >&2; exit 1; }
	@for t in $(PYTHON_TOOLS); do \
	  command -v $$t >/dev/null || { \
	    echo "$$t is not installed: pip install 'cfn-lint==1.51.0' 'moto[server]==5.2.1' 'awscli==1.45.11'" >&2; exit 1; }; \
	done

.PHONY: generate
generate: ## Regenerate every environment's template into out/.
	go run ./generator -all -spec $(SPEC) -out $(OUT)

.PHONY: golden
golden: ## Rewrite the committed golden files (out/ and test goldens).
	go test ./generator ./generator/localdeploy ./policies ./policies/report -run 'Golden|Violations|Writers' -update

.PHONY: fmt
fmt: ## Fail when a Go file is not gofmt-formatted.
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	[ -z "$$unformatted" ] || { echo "not gofmt-formatted:"; echo "$$unformatted"; exit 1; } >&2

.PHONY: vet
vet: ## go vet and staticcheck.
	go vet ./...
	go tool staticcheck ./...

.PHONY: lint
lint: tools ## cfn-lint and the compliance rules on every committed template.
	cfn-lint --format parseable $(OUT)/*.json
	go run ./generator check $(OUT)/*.json

.PHONY: test
test: tools fmt vet ## Everything CI runs: formatting, vet, unit, golden, end-to-end and lint.
	SECUREPIPE_REQUIRE_MOTO=1 go test ./... -count=1
	$(MAKE) --no-print-directory lint

.PHONY: bench
bench: lambda-bench ## Benchmarks of generation and of the function.
	go test ./generator/... -run '^$$' -bench . -benchmem

# The function's build, tests and benchmarks (make lambda, lambda-test,
# lambda-e2e, lambda-bench) and the local deploy (make deploy-local ENV=dev).
include lambda/lambda.mk
include generator/localdeploy/localdeploy.mk
include generator/ops/ops.mk

deploy-local: lambda
