#!/usr/bin/env bash
# Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
# `npm run lint:workflows`: actionlint over .github/workflows (with shellcheck on every `run:` script),
# and shellcheck over the composite action's scripts (action.yml), which actionlint does not read.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .toolchain/bin/actionlint ]]; then
  echo "lint:workflows: .toolchain/bin/actionlint is not built; build it with: bash scripts/toolchain/build.sh actionlint" >&2
  exit 1
fi
# Without shellcheck on PATH actionlint silently skips the scripts.
if ! command -v shellcheck >/dev/null; then
  echo "lint:workflows: shellcheck is not on PATH; install Debian's package: apt-get install shellcheck" >&2
  exit 1
fi
.toolchain/bin/actionlint -no-color
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2016 # a JavaScript template, not shell
node -e '
  const fs = require("fs");
  const { parse } = require("yaml");
  const steps = parse(fs.readFileSync("action.yml", "utf8")).runs.steps;
  steps.forEach((s, i) => {
    if (s.run !== undefined) fs.writeFileSync(`${process.argv[1]}/step-${i}.sh`, `#!/usr/bin/env bash\n${s.run}`);
  });
' "$tmp"
shellcheck --severity=style "$tmp"/*.sh
echo "lint:workflows: $(find .github/workflows -name '*.yml' | wc -l) workflows and action.yml ($(find "$tmp" -name '*.sh' | wc -l) scripts) clean"
