// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Required by the cluster suite's mocha (test/cluster/mocharc.json) before any spec: mocha ends when
// whoever started it dies, even by SIGKILL, and its signal handlers stop every control plane.
import { exitWhenAncestorsDie } from "../../scripts/cluster/processes";

exitWhenAncestorsDie();
