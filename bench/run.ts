// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// `npm run bench [-- --json]`: timing, memory and peer comparison of the offline check. Numbers are
// printed, never asserted; compare ratios within one run (the machine is shared).
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadStackConfig } from "../config/load";
import { findStackFiles, stackNameOf } from "../config/stackFile";
import { recordStack } from "../engine/stack";
import { corpusYaml, fixturesYaml, manifestsOf } from "./corpus";
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

function seconds(t0: bigint): number {
    return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Node start + loading @pulumi/pulumi + an empty program under mocks, in a fresh process. */
function floorOnce(): number {
    const script = `const p=require("@pulumi/pulumi");p.runtime.setMocks({newResource:a=>({id:a.name,state:a.inputs}),call:a=>a.inputs},"p","s",true).then(()=>{})`;
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ["-e", script], { cwd: ROOT });
    return seconds(t0);
}

/** `npm run check` in a fresh process (as a user runs it); wall time, exit code, stdout and peak RSS (MiB, from GNU time). */
function checkOnce(args: string[]): { s: number; code: number; out: string; rssMib?: number } {
    const rssFile = path.join(TMP, "rss.txt");
    const gnuTime = fs.existsSync("/usr/bin/time");
    const argv = [path.join(ROOT, "scripts", "launch.js"), "check", ...args];
    // Output to a file: a report of 10,000 objects is large, and a file is what a CI job would keep.
    const outFile = path.join(TMP, "check-out.txt");
    const fd = fs.openSync(outFile, "w");
    const t0 = process.hrtime.bigint();
    const r = gnuTime
        ? spawnSync("/usr/bin/time", ["-f", "%M", "-o", rssFile, process.execPath, ...argv], {
              cwd: ROOT,
              stdio: ["ignore", fd, "pipe"],
              maxBuffer: 64 * 1024 * 1024,
          })
        : spawnSync(process.execPath, argv, { cwd: ROOT, stdio: ["ignore", fd, "pipe"], maxBuffer: 64 * 1024 * 1024 });
    const s = seconds(t0);
    fs.closeSync(fd);
    const out = fs.readFileSync(outFile, "utf8");
    if ((r.status !== 0 && r.status !== 1) || (args.includes("json") && !out.trim().startsWith("{"))) {
        throw new Error(`check ${args.join(" ")} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
    }
    const rssMib = gnuTime ? Number(fs.readFileSync(rssFile, "utf8").trim().split("\n").pop()) / 1024 : undefined;
    return { s, code: r.status ?? -1, out, rssMib };
}

function best<T extends { s: number }>(runs: T[]): T {
    return runs.reduce((a, b) => (b.s < a.s ? b : a));
}

/** The objects of a YAML corpus with the resource name `check --manifests` gives each. */
function objectIndex(text: string): { kind: string; namespace: string; name: string; urnName: string }[] {
    return text.split(/^---\n/m).map((doc) => {
        const kind = /^kind: (.+)$/m.exec(doc)?.[1] ?? "";
        const meta = /^metadata:\n((?: {2}.*\n?)*)/m.exec(doc)?.[1] ?? "";
        const name = /^ {2}name: (.+)$/m.exec(meta)?.[1] ?? "";
        const namespace = /^ {2}namespace: (.+)$/m.exec(meta)?.[1] ?? "default";
        return { kind, namespace, name, urnName: `${namespace}-${name}-${kind.toLowerCase()}` };
    });
}

/** Our findings from `check --format json` output. */
function findingsOf(out: string): { policy: string; resource: string }[] {
    const json = JSON.parse(out) as { stacks: { findings: { policy: string; resource: string }[] }[] };
    return json.stacks.flatMap((s) => s.findings);
}

interface PeerRun {
    seconds?: number;
    missing?: string;
    rows?: AgreementRow[];
}

/** Runs both peers on a file and compares their verdicts with ours. */
function peersOn(file: string, ours: Verdicts, label: string): Record<"kube-score" | "polaris", PeerRun> {
    const out: Record<string, PeerRun> = {};
    const ks = peerBinary(PEERS_DIR, "kube-score");
    if ("missing" in ks) {
        out["kube-score"] = { missing: ks.missing };
    } else {
        const r = runPeer(ks.path, ["score", "--output-format", "json", file], path.join(TMP, `ks-${label}.json`));
        out["kube-score"] = { seconds: r.seconds, rows: agreement(ours, kubeScoreVerdicts(r.json as never)) };
    }
    const pol = peerBinary(PEERS_DIR, "polaris");
    if ("missing" in pol) {
        out.polaris = { missing: pol.missing };
    } else {
        const r = runPeer(
            pol.path,
            ["audit", "--audit-path", file, "--format", "json", "--only-show-failed-tests=false"],
            path.join(TMP, `polaris-${label}.json`),
        );
        out.polaris = { seconds: r.seconds, rows: agreement(ours, polarisVerdicts(r.json as never)) };
    }
    return out as Record<"kube-score" | "polaris", PeerRun>;
}

function printAgreement(title: string, peers: Record<string, PeerRun>): void {
    log(`\n${title}`);
    for (const [name, p] of Object.entries(peers)) {
        if (p.missing) {
            log(`  ${name}: NOT RUN — ${p.missing}`);
            continue;
        }
        const f = agreementFraction(p.rows!);
        log(`  ${name}: ${p.seconds!.toFixed(2)} s; agreement ${f === null ? "n/a" : `${(f * 100).toFixed(1)} %`}`);
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

async function main(): Promise<void> {
    log(
        `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load ${os.loadavg()[0].toFixed(1)}; node ${process.version}`,
    );
    // Users run the compiled output (npm ci builds it); make sure it is current.
    execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "ignore" });

    const floor = best([0, 1, 2].map(() => ({ s: floorOnce() }))).s;
    const reports = path.join(TMP, "reports");
    const check = best([0, 1, 2].map(() => checkOnce(["--out", reports])));
    const protocolCheck = best([0, 1].map(() => checkOnce(["--out", reports, "--engine", "protocol"])));
    log(`floor (node + @pulumi/pulumi + empty program under mocks): ${floor.toFixed(2)} s (best of 3)`);
    log(
        `check, both stacks, in-process (default): ${check.s.toFixed(2)} s = ${(check.s / floor).toFixed(2)}× floor (best of 3)`,
    );
    log(
        `check, both stacks, --engine protocol: ${protocolCheck.s.toFixed(2)} s = ${(protocolCheck.s / floor).toFixed(2)}× floor (best of 2)`,
    );

    const stacks = [];
    for (const stack of findStackFiles(ROOT).map((f) => stackNameOf(f)!)) {
        stacks.push(manifestsOf(await recordStack(loadStackConfig(stack, ROOT).config)));
    }
    const corpus = corpusYaml(stacks, 10000);
    const corpusFile = path.join(TMP, "corpus-10k.yaml");
    fs.writeFileSync(corpusFile, corpus.text);
    log(`\n10k corpus: ${corpus.objects} objects, ${(corpus.text.length / 2 ** 20).toFixed(1)} MiB (${corpusFile})`);
    const manifests = checkOnce(["--manifests", corpusFile, "--out", path.join(TMP, "r10k"), "--format", "json"]);
    const protocol = checkOnce([
        "--manifests",
        corpusFile,
        "--out",
        path.join(TMP, "r10k-p"),
        "--format",
        "json",
        "--engine",
        "protocol",
    ]);
    const ours = ourVerdicts(findingsOf(manifests.out), objectIndex(corpus.text));
    const protocolSame = JSON.stringify(findingsOf(protocol.out)) === JSON.stringify(findingsOf(manifests.out));
    log(
        `check --manifests (10k, in-process, end to end): ${manifests.s.toFixed(2)} s, peak RSS ${manifests.rssMib?.toFixed(0) ?? "n/a (no /usr/bin/time)"} MiB, ${findingsOf(manifests.out).length} findings`,
    );
    log(
        `check --manifests --engine protocol (10k): ${protocol.s.toFixed(2)} s; findings identical to in-process: ${protocolSame}`,
    );
    const peers10k = peersOn(corpusFile, ours, "10k");
    printAgreement(`peers on the 10k corpus (ratio = their time ÷ ours ${manifests.s.toFixed(2)} s):`, peers10k);
    for (const [name, p] of Object.entries(peers10k)) {
        if (p.seconds !== undefined) {
            log(`  ${name} ÷ check: ${(p.seconds / manifests.s).toFixed(2)}×`);
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
        const r = checkOnce(["--manifests", fxFile, "--out", path.join(TMP, "rfx"), "--format", "json"]);
        log(
            `\nkube-score fixtures: ${fx.files} files, ${fx.objects} objects (${fx.skipped.length} files skipped: not parseable as Kubernetes objects or names repeated); check ${r.s.toFixed(2)} s`,
        );
        printAgreement(
            "peers on kube-score's fixtures:",
            peersOn(fxFile, ourVerdicts(findingsOf(r.out), objectIndex(fx.text)), "fx"),
        );
    }

    const fraction = (p: PeerRun): number | null => (p.rows ? agreementFraction(p.rows) : null);
    const result = {
        floor_s: round(floor),
        check_s: round(check.s),
        check_ratio: round(check.s / floor),
        manifests10k_s: round(manifests.s),
        protocol10k_s: round(protocol.s),
        rss10k_mib: manifests.rssMib === undefined ? null : Math.round(manifests.rssMib),
        peers: {
            "kube-score": peers10k["kube-score"].seconds === undefined ? null : round(peers10k["kube-score"].seconds),
            polaris: peers10k.polaris.seconds === undefined ? null : round(peers10k.polaris.seconds),
        },
        agreement: {
            "kube-score": roundOrNull(fraction(peers10k["kube-score"])),
            polaris: roundOrNull(fraction(peers10k.polaris)),
        },
    };
    if (JSON_MODE) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
    }
    log(`\nshared checks: ${SHARED.join(", ")}; scratch files under ${TMP}`);
}

function round(n: number): number {
    return Math.round(n * 1000) / 1000;
}

function roundOrNull(n: number | null): number | null {
    return n === null ? null : round(n);
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
