# Make rules for the processor and rotator Lambda functions. The root
# Makefile includes this file and runs at the repository root, so paths are
# relative to it.
#
#   make lambda        build bootstrap for linux/arm64 and zip it reproducibly:
#                      dist/processor-<sha256>.zip and dist/processor.json
#   make rotator       the same for the key's rotation function:
#                      dist/rotator-<sha256>.zip and dist/rotator.json
#   make lambda-test   every test of the function, moto required
#   make lambda-e2e    the end-to-end tests under the Runtime Interface Emulator
#   make rotator-e2e   only the rotator's end-to-end tests
#   make lambda-bench  throughput, allocations, peak memory, binary size, cold start

LAMBDA_BUILD_DIR  := bin/processor
LAMBDA_BOOTSTRAP  := $(LAMBDA_BUILD_DIR)/bootstrap
LAMBDA_DIST       := dist
LAMBDA_BUILDFLAGS := -tags lambda.norpc -trimpath -buildvcs=false -ldflags="-s -w -buildid="
LAMBDA_TEST_ENV   := SECUREPIPE_REQUIRE_MOTO=1
ROTATOR_BUILD_DIR := bin/rotator
ROTATOR_BOOTSTRAP := $(ROTATOR_BUILD_DIR)/bootstrap

.PHONY: lambda rotator lambda-test lambda-e2e rotator-e2e lambda-bench lambda-require-moto

lambda: ## Build and zip the processor into dist/ (reproducibly, named by SHA-256).
	@mkdir -p $(LAMBDA_BUILD_DIR) $(LAMBDA_DIST)
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build $(LAMBDA_BUILDFLAGS) -o $(LAMBDA_BOOTSTRAP) ./lambda/cmd/processor
	rm -f $(LAMBDA_DIST)/processor-*.zip
	go run ./lambda/cmd/package -bootstrap $(LAMBDA_BOOTSTRAP) -out $(LAMBDA_DIST) -name processor

rotator: ## Build and zip the secret rotator into dist/
	@mkdir -p $(ROTATOR_BUILD_DIR) $(LAMBDA_DIST)
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build $(LAMBDA_BUILDFLAGS) -o $(ROTATOR_BOOTSTRAP) ./lambda/cmd/rotator
	rm -f $(LAMBDA_DIST)/rotator-*.zip
	go run ./lambda/cmd/package -bootstrap $(ROTATOR_BOOTSTRAP) -out $(LAMBDA_DIST) -name rotator

lambda-require-moto:
	@command -v moto_server >/dev/null 2>&1 || { \
		echo "lambda: moto_server is not on PATH; the function's tests need it." >&2; \
		echo "lambda: install it with: pip install 'moto[server]==5.2.1'" >&2; \
		exit 1; }

lambda-test: lambda-require-moto ## Every test of the functions (moto required).
	$(LAMBDA_TEST_ENV) go test ./lambda/...

lambda-e2e: lambda-require-moto ## The processor's end-to-end tests under the emulator.
	$(LAMBDA_TEST_ENV) go test -count=1 -v ./lambda/e2e/

rotator-e2e: lambda-require-moto ## The rotator's end-to-end tests under the emulator.
	$(LAMBDA_TEST_ENV) go test -count=1 -v -run '^TestRotatorEndToEnd$$' ./lambda/e2e/

# Throughput runs on one core (MB/s per core); peak memory runs in a process
# of its own so that its peak RSS is its own.
lambda-bench: lambda-require-moto ## The functions' benchmarks.
	go test -run '^$$' -bench Throughput -benchmem -benchtime 3x -cpu 1 ./lambda/processor/
	go test -run '^$$' -bench PeakMemory -benchtime 1x -cpu 1 ./lambda/processor/
	$(LAMBDA_TEST_ENV) go test -run '^$$' -bench ColdStart -benchtime 5x ./lambda/e2e/
