#!/usr/bin/env bash
# Builds the real Pulumi CLI, the Kubernetes provider and the other Go tools the engine and cluster
# tests need, from the Go module proxy, into .toolchain/ (git-ignored). Reuses the Go module and build
# caches and skips a tool already built at its pinned version. Usage: build.sh [tool ...] (default: all).
# A peer checker the bench compares with (kube-score, Polaris) whose module version the Go module proxy
# refuses is skipped with one line; the bench then reports it as NOT RUN. Every other failure fails.
# The upstream Node.js language host is not served by the proxy; `language-host` installs ours
# (tools/language-host, see docs/offline-preview.md) next to `pulumi`, and `plugins` registers the
# provider in the isolated PULUMI_HOME the engine tests use (.toolchain/pulumi-home).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/.toolchain"
BIN="$OUT/bin"
WORK="$OUT/work"
mkdir -p "$BIN" "$WORK"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0
# Pulumi's modules are checked against the checksum database like any other; no override needed.

PULUMI_VERSION=v3.248.0
K8S_PROVIDER_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4
K8S_PROVIDER_PSEUDO=v4.0.0-20260115033456-f47bc2d6f199 # the v4.25.0 tag: the only provider commit served
K8S_PROVIDER_VERSION=4.25.0
K8S_PROVIDER_SDK=v4.24.0
ETCD_VERSION=v3.6.14
KUBE_VERSION=v1.36.3
KUBE_STAGING_VERSION=v0.36.3
HELM_VERSION=v3.22.0
KUBE_SCORE_VERSION=v1.20.0
POLARIS_VERSION=v0.0.0-20260806161001-dafa0b74fc09 # v10.2.2; the module path has no /v10
ACTIONLINT_VERSION=v1.7.12

PULUMI_HOME_DIR="$OUT/pulumi-home"
K8S_SDK_VERSION=4.34.2 # the @pulumi/kubernetes version the program asks the engine for

log() { printf '[toolchain] %s\n' "$*" >&2; }
stamp_ok() { [[ -x "$BIN/$1" && -f "$OUT/stamps/$1" && "$(cat "$OUT/stamps/$1")" == "$2" ]]; }
stamp_set() { mkdir -p "$OUT/stamps"; printf '%s' "$2" >"$OUT/stamps/$1"; }

# Runs a build step unless the binary is current; prints the time it took.
step() {
  local name="$1" version="$2" fn="$3"
  if stamp_ok "$name" "$version"; then log "$name $version: up to date"; return; fi
  local start=$SECONDS
  log "$name $version: building"
  "$fn"
  stamp_set "$name" "$version"
  log "$name $version: built in $((SECONDS - start)) s"
}

# Prints, on one line, why the Go module proxy refuses module@version and fails; succeeds when it is
# served, or when the download fails for another reason (that failure then surfaces in the build).
proxy_refusal() {
  local out reason
  out="$(cd "$WORK" && go mod download -json "$1" 2>&1)" && return 0
  reason="$(printf '%s\n' "$out" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' | sed -E 's/\\n\\t/ /g; s/reading https?:[^ ]*: //')"
  if [[ "$reason" =~ (403\ Forbidden|404\ Not\ Found|410\ Gone|not\ available|invalid\ version|unknown\ revision) ]]; then
    printf '%s\n' "$reason"
    return 1
  fi
  return 0
}

# step for a peer checker: skipped with one line when the proxy refuses its module version.
peer_step() {
  local name="$1" version="$2" fn="$3" module="$4" reason
  if stamp_ok "$name" "$version"; then log "$name $version: up to date"; return; fi
  if ! reason="$(proxy_refusal "$module")"; then
    log "$name: skipped, the Go module proxy refuses it ($reason); the bench reports $name as NOT RUN"
    return
  fi
  step "$name" "$version" "$fn"
}

# A throwaway wrapper module per tool keeps their dependency sets apart.
wrapper() {
  local dir="$WORK/$1"
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  printf 'module local/%s\n\ngo %s\n' "$1" "${2:-1.26}" >go.mod
}

build_pulumi() {
  wrapper pulumi-cli 1.25.11
  go mod edit -replace github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e
  go get "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    -o "$BIN/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_provider() {
  local src
  src="$(cd "$WORK" && go mod download -json "$K8S_PROVIDER_MODULE@$K8S_PROVIDER_PSEUDO" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  rm -rf "$WORK/k8s-provider" && cp -r "$src" "$WORK/k8s-provider" && chmod -R u+w "$WORK/k8s-provider"
  cd "$WORK/k8s-provider"
  # The module's own replace points at ../sdk, which a module zip does not hold.
  go mod edit -replace "github.com/pulumi/pulumi-kubernetes/sdk/v4=github.com/pulumi/pulumi-kubernetes/sdk/v4@$K8S_PROVIDER_SDK"
  go mod tidy
  (cd cmd/pulumi-resource-kubernetes && VERSION="$K8S_PROVIDER_VERSION" go generate ./main.go)
  go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$K8S_PROVIDER_VERSION" \
    -o "$BIN/pulumi-resource-kubernetes" ./cmd/pulumi-resource-kubernetes
}

build_etcd() {
  wrapper etcd
  go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3
}

build_kube() {
  wrapper kube
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@$KUBE_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  # k8s.io/kubernetes requires its staging modules at v0.0.0 through local replaces; use the published ones.
  for m in $(grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging' "$gomod" | awk '{print $1}'); do
    go mod edit "-replace=$m=$m@$KUBE_STAGING_VERSION"
  done
  go get "k8s.io/kubernetes@$KUBE_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$BIN/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
  go build -trimpath -ldflags "-s -w" -o "$BIN/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager
}

build_helm() {
  wrapper helm
  go get "helm.sh/helm/v3@$HELM_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$BIN/helm" helm.sh/helm/v3/cmd/helm
}

build_kube_score() {
  wrapper kube-score
  go get "github.com/zegl/kube-score@$KUBE_SCORE_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$BIN/kube-score" github.com/zegl/kube-score/cmd/kube-score
}

build_polaris() {
  wrapper polaris
  go get "github.com/fairwindsops/polaris@$POLARIS_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$BIN/polaris" github.com/fairwindsops/polaris
}

build_actionlint() {
  wrapper actionlint
  go get "github.com/rhysd/actionlint@$ACTIONLINT_VERSION"
  go build -trimpath -ldflags "-s -w" -o "$BIN/actionlint" github.com/rhysd/actionlint/cmd/actionlint
}

# Our language host: a shell wrapper next to `pulumi` (the CLI looks there for bundled language
# plugins) that runs the compiled host from bin/ (built by `npm ci`/`npm run build`).
install_language_host() {
  local main="$ROOT/bin/tools/language-host/main.js"
  if [[ ! -f "$main" || -n "$(find "$ROOT/tools/language-host" -name '*.ts' -newer "$main")" ]]; then
    (cd "$ROOT" && npx tsc -p tsconfig.build.json)
  fi
  printf '#!/bin/sh\n# cluster-platform language host (tools/language-host); not the upstream Go host.\nexec node "%s" "$@"\n' "$main" \
    >"$BIN/pulumi-language-nodejs"
  chmod +x "$BIN/pulumi-language-nodejs"
  log "pulumi-language-nodejs: installed (ours, runs $main)"
}

# Registers the built provider as the version the SDK asks for, in the isolated PULUMI_HOME, so the
# engine finds it in its plugin cache with no download and no ambient-plugin warning.
register_plugins() {
  local dir="$PULUMI_HOME_DIR/plugins/resource-kubernetes-v$K8S_SDK_VERSION"
  if [[ -x "$dir/pulumi-resource-kubernetes" ]] && cmp -s "$dir/pulumi-resource-kubernetes" "$BIN/pulumi-resource-kubernetes"; then
    log "provider plugin kubernetes $K8S_SDK_VERSION: registered"
    return
  fi
  local cli="$BIN/pulumi"
  [[ -x "$cli" ]] || cli="$(command -v pulumi)"
  PULUMI_HOME="$PULUMI_HOME_DIR" PULUMI_SKIP_UPDATE_CHECK=true "$cli" plugin install resource kubernetes "$K8S_SDK_VERSION" \
    --file "$BIN/pulumi-resource-kubernetes" --reinstall
  log "provider plugin kubernetes $K8S_SDK_VERSION: registered (binary $K8S_PROVIDER_VERSION) in $PULUMI_HOME_DIR"
}

ALL=(pulumi language-host pulumi-resource-kubernetes plugins etcd kube-apiserver helm kube-score polaris actionlint)
TOOLS=("$@")
[[ ${#TOOLS[@]} -eq 0 ]] && TOOLS=("${ALL[@]}")
total=$SECONDS
for t in "${TOOLS[@]}"; do
  case "$t" in
    pulumi)
      if [[ -z "${PULUMI_TOOLCHAIN_BUILD_CLI:-}" ]] && command -v pulumi >/dev/null && [[ "$(command -v pulumi)" != "$BIN/pulumi" ]]; then
        log "pulumi: using yours at $(command -v pulumi) ($(pulumi version)); set PULUMI_TOOLCHAIN_BUILD_CLI=1 to build $PULUMI_VERSION"
      else
        step pulumi "$PULUMI_VERSION" build_pulumi
      fi
      ;;
    language-host) install_language_host ;;
    plugins) register_plugins ;;
    pulumi-resource-kubernetes) step pulumi-resource-kubernetes "$K8S_PROVIDER_VERSION" build_provider ;;
    etcd) step etcd "$ETCD_VERSION" build_etcd ;;
    kube-apiserver) step kube-apiserver "$KUBE_VERSION" build_kube ;;
    helm) step helm "$HELM_VERSION" build_helm ;;
    kube-score) peer_step kube-score "$KUBE_SCORE_VERSION" build_kube_score "github.com/zegl/kube-score@$KUBE_SCORE_VERSION" ;;
    polaris) peer_step polaris "$POLARIS_VERSION" build_polaris "github.com/fairwindsops/polaris@$POLARIS_VERSION" ;;
    actionlint) step actionlint "$ACTIONLINT_VERSION" build_actionlint ;;
    *) log "unknown tool '$t' (known: ${ALL[*]})"; exit 2 ;;
  esac
done
log "done in $((SECONDS - total)) s; binaries in $BIN"
