// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run bench [-- --json]`: timing, memory and peer comparison of the offline check, and what the
// pack adds to a real `pulumi preview` (bench/preview.ts). Numbers are printed, never asserted;
// compare ratios within one run (the machine is shared).
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig } from "../config/load";
import { findStackFiles, stackNameOf } from "../config/stackFile";
import { recordStack } from "../engine/recording/stack";
import { corpusYaml, fixturesYaml, manifestsOf } from "./corpus";
import { best, checkOnce, floorOnce, round, Timed } from "./measure";
import { previewFigures } from "./preview";
import { transportFloor } from "./transportFloor";
import { readManifests } from "../engine/manifests/read";
import {
    agreement,
    AgreementRow,
    agreementFraction,
    kubeScoreVerdicts,
    ourVerdicts,
    peerBinary,
    polarisVerdicts,
    runPeer,
    SHARED,
    Verdicts,
} from "./peers";

const ROOT = path.resolve(__dirname, "..");
const JSON_MODE = process.argv.includes("--json");
/** Where `npm run toolchain` puts the peers (override with BENCH_PEERS_DIR). */
const PEERS_DIR = process.env.BENCH_PEERS_DIR ?? path.join(ROOT, ".toolchain", "bin");
const KUBE_SCORE_MODULE = "github.com/zegl/kube-score@v1.20.0";
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), "cp-bench-"));

const log = (s: string): void => {
    (JSON_MODE ? process.stderr : process.stdout).write(`${s}\n`);
};

/** Our check in a fresh process; only a pass (0) or a block (1) is a result. */
function check(args: string[]): Timed {
    const r = checkOnce(ROOT, TMP, args);
    if ((r.code !== 0 && r.code !== 1) || (args.includes("json") && !r.out.trim().startsWith("{"))) {
        throw new Error(`check ${args.join(" ")} exited ${r.code}: ${r.err.slice(0, 2000)}`);
    }
    return r;
}

/** The objects of a YAML corpus with the resource name `check --manifests` gives each. */
function objectIndex(
    text: string,
): { apiVersion: string; kind: string; namespace: string; name: string; urnName: string }[] {
    return text.split(/^---\n/m).map((doc) => {
        const apiVersion = /^apiVersion: (.+)$/m.exec(doc)?.[1] ?? "";
        const kind = /^kind: (.+)$/m.exec(doc)?.[1] ?? "";
        const meta = /^metadata:\n((?: {2}.*\n?)*)/m.exec(doc)?.[1] ?? "";
        const name = /^ {2}name: (.+)$/m.exec(meta)?.[1] ?? "";
        const namespace = /^ {2}namespace: (.+)$/m.exec(meta)?.[1] ?? "default";
        return { apiVersion, kind, namespace, name, urnName: `${namespace}-${name}-${kind.toLowerCase()}` };
    });
}

/** Our findings from `check --format json` output. */
function findingsOf(out: string): { policy: string; resource: string }[] {
    const json = JSON.parse(out) as { stacks: { findings: { policy: string; resource: string }[] }[] };
    return json.stacks.flatMap((s) => s.findings);
}

interface PeerRun {
    seconds?: number;
    cpu?: number;
    missing?: string;
    rows?: AgreementRow[];
}

/** Runs both peers on a file (best of `runs`) and compares their verdicts with ours. */
function peersOn(file: string, ours: Verdicts, label: string, runs = 1): Record<"kube-score" | "polaris", PeerRun> {
    const argsOf = {
        "kube-score": ["score", "--output-format", "json", file],
        polaris: ["audit", "--audit-path", file, "--format", "json", "--only-show-failed-tests=false"],
    };
    const verdictsOf = { "kube-score": kubeScoreVerdicts, polaris: polarisVerdicts };
    const out = {} as Record<"kube-score" | "polaris", PeerRun>;
    for (const name of ["kube-score", "polaris"] as const) {
        const bin = peerBinary(PEERS_DIR, name);
        if ("missing" in bin) {
            out[name] = { missing: bin.missing };
            continue;
        }
        const r = best(
            Array.from({ length: runs }, () =>
                runPeer(bin.path, argsOf[name], path.join(TMP, `${name}-${label}.json`)),
            ),
        );
        out[name] = { seconds: r.s, cpu: r.cpu, rows: agreement(ours, verdictsOf[name](r.json as never)) };
    }
    return out;
}

function printAgreement(title: string, peers: Record<string, PeerRun>): void {
    log(`\n${title}`);
    for (const [name, p] of Object.entries(peers)) {
        if (p.missing) {
            log(`  ${name}: NOT RUN — ${p.missing}`);
            continue;
        }
        const f = agreementFraction(p.rows!);
        log(
            `  ${name}: ${p.seconds!.toFixed(2)} s wall, ${p.cpu?.toFixed(2) ?? "n/a"} s CPU; agreement ${f === null ? "n/a" : `${(f * 100).toFixed(1)} %`}`,
        );
        log(
            `    ${"check".padEnd(22)}${"compared".padStart(9)}${"agree".padStart(7)}${"we fail".padStart(9)}${"it fails".padStart(10)}${"only it judges".padStart(16)}`,
        );
        for (const r of p.rows!) {
            log(
                `    ${r.check.padEnd(22)}${String(r.compared).padStart(9)}${String(r.agree).padStart(7)}${String(r.oursOnly).padStart(9)}${String(r.peerOnly).padStart(10)}${String(r.peerOnlyJudged).padStart(16)}`,
            );
        }
    }
}

function goModCache(): string | undefined {
    try {
        return execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim() || undefined;
    } catch {
        return undefined;
    }
}

const cpuOf = (t: Timed): string => (t.cpu === undefined ? "" : `, ${t.cpu.toFixed(2)} s CPU`);

async function main(): Promise<void> {
    log(
        `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os.loadavg()[0].toFixed(1)}; node ${process.version}`,
    );
    // Users run the compiled output (npm ci builds it); make sure it is current.
    execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "ignore" });

    const floor = best([0, 1, 2].map(() => floorOnce(ROOT, TMP)));
    const reports = path.join(TMP, "reports");
    const checkRun = best([0, 1, 2].map(() => check(["--out", reports])));
    const protocolCheck = best([0, 1].map(() => check(["--out", reports, "--engine", "protocol"])));
    log(
        `floor (node + @pulumi/pulumi + empty program under mocks): ${floor.s.toFixed(2)} s${cpuOf(floor)} (best of 3)`,
    );
    log(
        `check, both stacks, in-process (default): ${checkRun.s.toFixed(2)} s${cpuOf(checkRun)} = ${(checkRun.s / floor.s).toFixed(2)}× floor (best of 3)`,
    );
    log(
        `check, both stacks, --engine protocol: ${protocolCheck.s.toFixed(2)} s${cpuOf(protocolCheck)} = ${(protocolCheck.s / floor.s).toFixed(2)}× floor (best of 2)`,
    );

    const stacks = [];
    for (const stack of findStackFiles(ROOT).map((f) => stackNameOf(f)!)) {
        stacks.push(manifestsOf(await recordStack(loadStackConfig(stack, ROOT).config)));
    }
    const corpus = corpusYaml(stacks, 10000);
    const corpusFile = path.join(TMP, "corpus-10k.yaml");
    fs.writeFileSync(corpusFile, corpus.text);
    log(`\n10k corpus: ${corpus.objects} objects, ${(corpus.text.length / 2 ** 20).toFixed(1)} MiB (${corpusFile})`);
    const on10k = ["--manifests", corpusFile, "--out", path.join(TMP, "r10k"), "--format", "json"];
    const manifests = best([0, 1].map(() => check(on10k)));
    const ours = ourVerdicts(findingsOf(manifests.out), objectIndex(corpus.text));
    log(
        `check --manifests (10k, in-process, end to end): ${manifests.s.toFixed(2)} s${cpuOf(manifests)}, peak RSS ${manifests.rssMib?.toFixed(0) ?? "n/a (no /usr/bin/time)"} MiB, ${findingsOf(manifests.out).length} findings (best of 2)`,
    );
    let protocol: Timed | undefined;
    try {
        protocol = check([...on10k, "--engine", "protocol"]);
        const same = JSON.stringify(findingsOf(protocol.out)) === JSON.stringify(findingsOf(manifests.out));
        log(
            `check --manifests --engine protocol (10k): ${protocol.s.toFixed(2)} s${cpuOf(protocol)}; findings identical to in-process: ${same}`,
        );
    } catch (err) {
        log(`check --manifests --engine protocol (10k): FAILED — ${(err as Error).message.split("\n")[1] ?? err}`);
    }
    const floor10k = await transportFloor(readManifests([corpusFile], "bench").filter((r) => r.custom));
    log(
        `  its transport floor (one Analyze round trip per object, nothing judged): ${floor10k.seconds.toFixed(2)} s, ` +
            `CPU ${floor10k.cpu.client.toFixed(2)} s here + ${floor10k.cpu.server.toFixed(2)} s in the server`,
    );

    // Issue 23's hostile size: one `kind: List` of 100,000 ConfigMaps, both engines, and the same floor.
    const listFile = path.join(TMP, "list-100k.yaml");
    const items = Array.from({ length: 100_000 }, (_, i) => ({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: `c${i}` },
    }));
    fs.writeFileSync(listFile, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    const onList = ["--manifests", listFile, "--out", path.join(TMP, "r100k"), "--format", "json"];
    const listIn = check(onList);
    const listProtocol = check([...onList, "--engine", "protocol"]);
    const listFloor = await transportFloor(readManifests([listFile], "bench"));
    const list100k = {
        inprocess_s: round(listIn.s),
        protocol_s: round(listProtocol.s),
        ratio: round(listProtocol.s / listIn.s),
        transport_floor_s: round(listFloor.seconds),
        transport_floor_ratio: round(listFloor.seconds / listIn.s),
        transport_server_cpu_s: round(listFloor.cpu.server),
    };
    log(
        `\nkind: List of 100,000 ConfigMaps: in-process ${listIn.s.toFixed(2)} s${cpuOf(listIn)}, --engine protocol ${listProtocol.s.toFixed(2)} s${cpuOf(listProtocol)} ` +
            `(${list100k.ratio.toFixed(2)}×); the transport floor alone ${listFloor.seconds.toFixed(2)} s (${list100k.transport_floor_ratio.toFixed(2)}× in-process; ` +
            `server CPU ${listFloor.cpu.server.toFixed(2)} s, client ${listFloor.cpu.client.toFixed(2)} s)`,
    );

    const peers10k = peersOn(corpusFile, ours, "10k", 2);
    printAgreement(
        `peers on the 10k corpus (best of 2; ours ${manifests.s.toFixed(2)} s${cpuOf(manifests)}):`,
        peers10k,
    );
    for (const [name, p] of Object.entries(peers10k)) {
        if (p.seconds !== undefined) {
            log(
                `  ${name} ÷ check: ${(p.seconds / manifests.s).toFixed(2)}× wall${p.cpu && manifests.cpu ? `, ${(p.cpu / manifests.cpu).toFixed(2)}× CPU` : ""}`,
            );
        }
    }

    const cache = goModCache();
    const fixturesDir = cache && path.join(cache, KUBE_SCORE_MODULE, "score", "testdata");
    if (!fixturesDir || !fs.existsSync(fixturesDir)) {
        log(
            `\nkube-score fixtures: NOT RUN — ${fixturesDir ?? "go is not installed"} not found (npm run toolchain downloads the module)`,
        );
    } else {
        const fx = fixturesYaml(fixturesDir);
        const fxFile = path.join(TMP, "kube-score-fixtures.yaml");
        fs.writeFileSync(fxFile, fx.text);
        const r = check(["--manifests", fxFile, "--out", path.join(TMP, "rfx"), "--format", "json"]);
        log(
            `\nkube-score fixtures (${fixturesDir}): ${fx.files} files, ${fx.objects} objects (${fx.skipped.length} files skipped: not parseable as Kubernetes objects or names repeated); check ${r.s.toFixed(2)} s`,
        );
        printAgreement(
            "peers on kube-score's fixtures:",
            peersOn(fxFile, ourVerdicts(findingsOf(r.out), objectIndex(fx.text)), "fx"),
        );
    }

    const pairs = Number(process.env.BENCH_PREVIEW_PAIRS ?? 3);
    log(
        `\nreal pulumi preview, without and with --policy-pack ./policies (${pairs} alternating pairs per stack after a warm-up pair; ` +
            "CLI, provider and language host from npm run toolchain):",
    );
    const preview = await previewFigures(pairs, TMP, log);
    if ("missing" in preview) {
        log(`  NOT RUN — ${preview.missing}`);
    }

    const fraction = (p: PeerRun): number | null => (p.rows ? agreementFraction(p.rows) : null);
    const result = {
        floor_s: round(floor.s),
        check_s: round(checkRun.s),
        check_ratio: round(checkRun.s / floor.s),
        manifests10k_s: round(manifests.s),
        protocol10k_s: protocol ? round(protocol.s) : null,
        // One Analyze round trip per object and nothing judged: what --engine protocol cannot go below.
        transport10k_s: round(floor10k.seconds),
        list100k,
        rss10k_mib: manifests.rssMib === undefined ? null : Math.round(manifests.rssMib),
        peers: {
            "kube-score": roundOrNull(peers10k["kube-score"].seconds ?? null),
            polaris: roundOrNull(peers10k.polaris.seconds ?? null),
        },
        agreement: {
            "kube-score": roundOrNull(fraction(peers10k["kube-score"])),
            polaris: roundOrNull(fraction(peers10k.polaris)),
        },
        // CPU seconds (user + system) of the same runs: what a loaded machine does not inflate.
        cpu_s: {
            floor: roundOrNull(floor.cpu ?? null),
            check: roundOrNull(checkRun.cpu ?? null),
            manifests10k: roundOrNull(manifests.cpu ?? null),
            protocol10k: roundOrNull(protocol?.cpu ?? null),
            "kube-score": roundOrNull(peers10k["kube-score"].cpu ?? null),
            polaris: roundOrNull(peers10k.polaris.cpu ?? null),
        },
        // Per stack (infra, apps, large: ~1,000 resources): without_s, with_s, ratio, added_s; null without the toolchain.
        preview: "figures" in preview ? preview.figures : null,
        load: round(os.loadavg()[0]),
    };
    if (JSON_MODE) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
    }
    log(`\nshared checks: ${SHARED.join(", ")}; scratch files under ${TMP}`);
}

function roundOrNull(n: number | null): number | null {
    return n === null ? null : round(n);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
