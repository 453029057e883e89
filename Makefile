# cxtv — the two commands that matter: make run, make test.
GO      ?= go
BIN     ?= bin
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: run test bench build deps-build deps-run deps-test vet clean

## run: the feed server with demo data and the display (under Xvfb when there is no $DISPLAY)
run: deps-run build
	scripts/run-demo.sh

## test: go vet and every test with -race, end-to-end tests under Xvfb included
test: deps-test
	scripts/test.sh

## bench: benchmarks of the feed server and the display; prints the figures the README records
bench: deps-test
	scripts/bench.sh

## build: the binaries into bin/ (cxtv-display starts cxtv-display-kiosk, the only one linking Ebiten)
build: deps-build
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/cxtv-feed ./cmd/cxtv-feed
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/cxtv-display ./cmd/cxtv-display
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/cxtv-display-kiosk ./cmd/cxtv-display/kiosk

deps-build deps-run deps-test: deps-%:
	scripts/install-deps.sh $*

vet:
	$(GO) vet ./...

clean:
	rm -rf $(BIN) data screenshots
