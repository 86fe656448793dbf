// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The host's child processes (programs and policy packs) and how it finds and starts them.
import * as langPb from "@pulumi/pulumi/proto/language_pb";
import { ChildProcess, spawnSync } from "child_process";

/** Every program or pack process the host started and that is still running. */
const children = new Set<ChildProcess>();

/** Remembers a child so that a signal to the host reaches it too. */
export function track(child: ChildProcess): ChildProcess {
    children.add(child);
    child.on("exit", () => children.delete(child));
    return child;
}

/** Passes a signal on to every running child. */
export function killChildren(signal: NodeJS.Signals): void {
    for (const c of children) {
        c.kill(signal);
    }
}

/** Resolves a module as `require.resolve` does from `dir` (so a parent node_modules counts too). */
export function locateModule(mod: string, dir: string, isPlugin: boolean): string {
    const hint = isPlugin ? `npm install in ${dir}` : "pulumi install";
    const script =
        `try { console.log(require.resolve(${JSON.stringify(mod)})); } catch (e) {` +
        ` if (e.code === "MODULE_NOT_FOUND") { console.error("It looks like the Pulumi SDK has not been installed. Have you run ${hint}?"); }` +
        ` else { console.error(e.message); } process.exit(1); }`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) {
        throw new Error((r.stderr || `could not resolve ${mod} from ${dir}`).trim());
    }
    return r.stdout.trim();
}

/** The program options the CLI sends (ProgramInfo.options) as a plain object. */
export function optionsOf(info: langPb.ProgramInfo | undefined): Record<string, unknown> {
    return (info?.getOptions()?.toJavaScript() ?? {}) as Record<string, unknown>;
}

/** `KEY=value` entries as an environment. */
export function envList(entries: string[]): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const e of entries) {
        const i = e.indexOf("=");
        if (i > 0) {
            env[e.slice(0, i)] = e.slice(i + 1);
        }
    }
    return env;
}
