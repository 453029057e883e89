# cxtv — the two commands that matter: make run, make test.
GO      ?= go
BIN     ?= bin
# One version for --version, the packages and the fleet page (scripts/version.sh).
VERSION ?= $(shell scripts/version.sh)
LDFLAGS := -s -w -X main.version=$(VERSION)

.PHONY: run test bench soak build dist dist-test apt-repo deps-build deps-run deps-test vet clean

## run: the feed server with demo data and the display (under Xvfb when there is no $DISPLAY)
run: deps-run build
	scripts/run-demo.sh

## test: go vet and every test with -race, end-to-end tests under Xvfb included
test: deps-test
	scripts/test.sh

## bench: benchmarks of the feed server and the display; prints the figures the README records
bench: deps-test
	scripts/bench.sh

## soak: server, one kiosk under Xvfb and 1,000 screens for SOAK (default 10m, e.g. SOAK=1h);
## prints memory, goroutines, open files and bbolt size each minute, fails on growth over 10 %
soak: deps-run
	SOAK='$(SOAK)' scripts/soak.sh

## build: the binaries into bin/ (cxtv-display starts cxtv-display-kiosk, the only one linking Ebiten)
build: deps-build
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/cxtv-feed ./cmd/cxtv-feed
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/cxtv-display ./cmd/cxtv-display
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN)/cxtv-display-kiosk ./cmd/cxtv-display/kiosk

## dist: binaries for linux/amd64 and linux/arm64 and their Debian packages into dist/
## (installs the arm64 cross toolchain first: scripts/install-deps.sh dist)
dist:
	scripts/install-deps.sh dist
	GO='$(GO)' VERSION='$(VERSION)' scripts/dist.sh

## dist-test: make dist, then check it: ELF architectures, --version under qemu-aarch64, package contents and Depends
dist-test: dist
	scripts/install-deps.sh release
	VERSION='$(VERSION)' scripts/dist-test.sh

## apt-repo: make dist, then a signed apt repository of its packages in dist/apt (reprepro);
## APT_SIGN_KEY names the signing key in gpg's keyring
apt-repo: dist
	scripts/install-deps.sh release
	scripts/apt-repo.sh

deps-build deps-run deps-test: deps-%:
	scripts/install-deps.sh $*

vet:
	$(GO) vet ./...

clean:
	rm -rf $(BIN) data screenshots
