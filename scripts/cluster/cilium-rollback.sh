#!/usr/bin/env bash
# Rollback of the Cilium release: the executable form of docs/runbooks/cilium-handover.md section 4
# (risk CIL-OPS-001, target under 10 minutes). The runbook lists these same steps; change both together.
#
# usage: cilium-rollback.sh --context <kube-context> [--to <revision>] [--wait-timeout <s>]
#                           [--stack <pulumi stack> --urn <release URN>]
#   R2  find the revision to return to: --to, else the newest revision before the current one whose
#       status is deployed or superseded (the last good one).
#   R3  `helm rollback` to it (waits for the rollout unless --wait-timeout 0).
#   R4  verify: the release is deployed, at a new revision, with exactly the chart version and values
#       of the target revision.
#   R5  (with --stack/--urn) `pulumi refresh --target <urn>`: the stack's state records the rolled-back
#       release (still protected, dependents untouched). Removing the release from the state instead is
#       refused by Pulumi while anything depends on it, and the whole platform does.
# Prints one line per step with its duration; exits 1 when a step fails, the verification fails or
# the whole run takes longer than the 600 s target. Needs helm (and pulumi for R5) on PATH, or
# HELM=/PULUMI= pointing at them, and node for JSON.
set -euo pipefail

CONTEXT="" TARGET="" WAIT_TIMEOUT=600 STACK="" URN=""
NAMESPACE=kube-system RELEASE=cilium BUDGET_SECONDS=600
HELM="${HELM:-helm}" PULUMI="${PULUMI:-pulumi}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --context) CONTEXT="$2"; shift 2 ;;
    --to) TARGET="$2"; shift 2 ;;
    --wait-timeout) WAIT_TIMEOUT="$2"; shift 2 ;;
    --stack) STACK="$2"; shift 2 ;;
    --urn) URN="$2"; shift 2 ;;
    *) echo "cilium-rollback: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$CONTEXT" ]] || { echo "cilium-rollback: --context is required (risk CIL-TECH-002: name the cluster)" >&2; exit 2; }
[[ -z "$STACK" && -z "$URN" || -n "$STACK" && -n "$URN" ]] || { echo "cilium-rollback: --stack and --urn go together" >&2; exit 2; }

helm_() { "$HELM" --kube-context "$CONTEXT" -n "$NAMESPACE" "$@"; }
# Reads a JSON document on stdin and prints the result of a JavaScript expression over it (`d`).
json() { node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{const d=JSON.parse(s);const r=('"$1"');process.stdout.write(typeof r==="string"?r:JSON.stringify(r))})'; }
start=$SECONDS
step_start=$SECONDS
done_step() { echo "cilium-rollback: $1 ($((SECONDS - step_start)) s)"; step_start=$SECONDS; }

history="$(helm_ history "$RELEASE" --max 100 -o json)"
current="$(json 'd[d.length-1].revision' <<<"$history")"
current_status="$(json 'd[d.length-1].status' <<<"$history")"
if [[ -z "$TARGET" ]]; then
  TARGET="$(json 'String(d.filter(r=>r.revision<'"$current"'&&["deployed","superseded"].includes(r.status)).map(r=>r.revision).pop()??"")' <<<"$history")"
fi
[[ -n "$TARGET" ]] || { echo "cilium-rollback: no earlier deployed revision of $NAMESPACE/$RELEASE to return to" >&2; exit 1; }
done_step "R2 current revision $current ($current_status); returning to revision $TARGET"

wait_args=()
[[ "$WAIT_TIMEOUT" != 0 ]] && wait_args=(--wait --timeout "${WAIT_TIMEOUT}s")
helm_ rollback "$RELEASE" "$TARGET" "${wait_args[@]}"
done_step "R3 helm rollback $RELEASE $TARGET"

# `helm history` (not `helm status`, whose JSON has no chart) gives status, revision and chart of each revision.
history="$(helm_ history "$RELEASE" --max 100 -o json)"
read -r st rev chart <<<"$(json 'd.at(-1).status+" "+d.at(-1).revision+" "+d.at(-1).chart' <<<"$history")"
target_chart="$(json 'd.find(r=>r.revision==='"$TARGET"').chart' <<<"$history")"
want_values="$(helm_ get values "$RELEASE" --revision "$TARGET" -o json)"
have_values="$(helm_ get values "$RELEASE" -o json)"
fail=""
[[ "$st" == deployed ]] || fail+=" status is $st, not deployed;"
((rev > current)) || fail+=" revision $rev is not newer than $current;"
[[ "$chart" == "$target_chart" ]] || fail+=" chart $chart differs from revision $TARGET's $target_chart;"
[[ "$want_values" == "$have_values" ]] || fail+=" values differ from revision $TARGET's;"
[[ -z "$fail" ]] || { echo "cilium-rollback: verification failed:$fail" >&2; exit 1; }
done_step "R4 verified: $NAMESPACE/$RELEASE $st at revision $rev, chart $chart, values of revision $TARGET"

if [[ -n "$STACK" ]]; then
  "$PULUMI" refresh --stack "$STACK" --target "$URN" --yes --non-interactive --skip-preview >/dev/null
  done_step "R5 Pulumi state of stack $STACK refreshed from the cluster (release at revision $rev)"
fi

total=$((SECONDS - start))
echo "cilium-rollback: done in $total s (target $BUDGET_SECONDS s)"
((total <= BUDGET_SECONDS)) || { echo "cilium-rollback: took longer than the $BUDGET_SECONDS s target" >&2; exit 1; }
