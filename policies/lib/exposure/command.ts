// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Reads container commands as commands: a shell wrapper (`sh -c "..."`, `/bin/sh -ec ...`) is
// unwrapped into the words it runs, and flags are looked up as the program would parse them.

/** Shells whose `-c` script the reader unwraps. */
const SHELLS = new Set(["sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"]);

/** Raised for a script the reader cannot split (an unterminated quote); names the script. */
export class CommandParseError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "CommandParseError";
    }
}

/**
 * Splits a shell script into words with POSIX quoting (single quotes literal, double quotes and
 * backslash escapes); `;`, `&&`, `||`, `|` and newlines end a command and appear as their own word.
 */
export function shellWords(script: string): string[] {
    const words: string[] = [];
    let cur = "";
    let inWord = false;
    let i = 0;
    const flush = (): void => {
        if (inWord) {
            words.push(cur);
        }
        cur = "";
        inWord = false;
    };
    while (i < script.length) {
        const ch = script[i];
        if (ch === "'") {
            const end = script.indexOf("'", i + 1);
            if (end < 0) {
                throw new CommandParseError(`unterminated single quote in ${JSON.stringify(script)}`);
            }
            cur += script.slice(i + 1, end);
            inWord = true;
            i = end + 1;
        } else if (ch === '"') {
            i++;
            inWord = true;
            while (i < script.length && script[i] !== '"') {
                if (script[i] === "\\" && i + 1 < script.length && '"\\$`'.includes(script[i + 1])) {
                    i++;
                }
                cur += script[i];
                i++;
            }
            if (i >= script.length) {
                throw new CommandParseError(`unterminated double quote in ${JSON.stringify(script)}`);
            }
            i++;
        } else if (ch === "\\" && i + 1 < script.length) {
            cur += script[i + 1];
            inWord = true;
            i += 2;
        } else if (/\s/.test(ch) && ch !== "\n") {
            flush();
            i++;
        } else if (ch === "\n" || ch === ";" || ch === "|" || ch === "&") {
            flush();
            const two = script.slice(i, i + 2);
            const op = two === "&&" || two === "||" ? two : ch === "\n" ? ";" : ch;
            words.push(op);
            i += op.length === 2 ? 2 : 1;
        } else {
            cur += ch;
            inWord = true;
            i++;
        }
    }
    flush();
    return words;
}

/** Whether an argv starts with a shell that runs a `-c` script; returns the script's index. */
function shellScriptIndex(argv: readonly string[]): number | undefined {
    if (argv.length === 0) {
        return undefined;
    }
    const base = argv[0].split("/").pop() ?? "";
    if (!SHELLS.has(base)) {
        return undefined;
    }
    let i = base === "busybox" ? 2 : 1;
    if (base === "busybox" && !SHELLS.has(argv[1] ?? "")) {
        return undefined;
    }
    let sawC = false;
    while (i < argv.length && argv[i].startsWith("-") && argv[i] !== "--") {
        if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(argv[i])) {
            sawC = true;
        }
        i++;
    }
    return sawC && i < argv.length ? i : undefined;
}

/**
 * The words a container really runs: `command` then `args` (Kubernetes appends args to command);
 * a shell `-c` script is split into its words, `exec` dropped. Anything else is returned as is.
 */
export function effectiveWords(command: readonly string[] | undefined, args: readonly string[] | undefined): string[] {
    const argv = [...(command ?? []), ...(args ?? [])];
    const at = shellScriptIndex(argv);
    if (at === undefined) {
        return argv;
    }
    return shellWords(argv[at]).filter((w) => w !== "exec");
}

/**
 * The value of a `--flag` among words, as gflags-style programs (Dragonfly, Redis) parse it:
 * `--flag=value` or `--flag value`; a bare boolean flag gives "true"; the last occurrence wins.
 * `-flag` (one dash) is accepted as gflags does. Undefined when absent.
 */
export function flagValue(words: readonly string[], flag: string): string | undefined {
    const name = flag.replace(/^-+/, "");
    let value: string | undefined;
    for (let i = 0; i < words.length; i++) {
        const m = /^--?([^=]+)(?:=(.*))?$/.exec(words[i]);
        if (!m || m[1] !== name) {
            continue;
        }
        if (m[2] !== undefined) {
            value = m[2];
        } else if (
            i + 1 < words.length &&
            !words[i + 1].startsWith("-") &&
            ![";", "&&", "||", "|"].includes(words[i + 1])
        ) {
            value = words[i + 1];
        } else {
            value = "true";
        }
    }
    return value;
}

/**
 * The flags among words that change something: a flag whose value equals the given default
 * (`--admin_port=9999` where the operator already sets 9999) is a restatement, not a change.
 */
export function changedFlags(words: readonly string[], defaults: Readonly<Record<string, string>>): string[] {
    const out: string[] = [];
    for (const w of words) {
        const m = /^--?([^=]+)/.exec(w);
        if (!m || out.includes(m[1])) {
            continue;
        }
        const value = flagValue(words, m[1]);
        if (defaults[m[1]] === undefined || defaults[m[1]] !== value) {
            out.push(m[1]);
        }
    }
    return out;
}

/** The shell operators `shellWords` emits as words of their own. */
const OPERATORS = new Set([";", "&&", "||", "|", "&"]);

/**
 * The simple commands whose exit status decides the container command's (a probe's verdict): for a
 * plain argv, the argv itself; for a shell `-c` script, every command of the last list (after the
 * last `;` or newline), since `a && b` fails when either fails and `a; b` has b's status. A pipeline
 * counts by its last command (POSIX sh has no pipefail). A list with `||` or ending in `&` returns
 * none: `x || true` and a background job succeed whatever x does.
 */
export function statusCommands(
    command: readonly string[] | undefined,
    args: readonly string[] | undefined,
): string[][] {
    const argv = [...(command ?? []), ...(args ?? [])];
    if (shellScriptIndex(argv) === undefined) {
        return argv.length > 0 ? [argv] : [];
    }
    const words = effectiveWords(command, args);
    while (words.length > 0 && words[words.length - 1] === ";") {
        words.pop();
    }
    if (words[words.length - 1] === "&") {
        return [];
    }
    const lastSeparator = Math.max(words.lastIndexOf(";"), words.lastIndexOf("&"));
    const list = words.slice(lastSeparator + 1);
    if (list.includes("||")) {
        return [];
    }
    const commands: string[][] = [];
    let current: string[] = [];
    for (const w of [...list, "&&"]) {
        if (w === "&&") {
            if (current.length > 0) {
                commands.push(current);
            }
            current = [];
        } else if (w === "|") {
            current = [];
        } else {
            current.push(w);
        }
    }
    return commands.filter((c) => !c.some((w) => OPERATORS.has(w)));
}

/** A word that takes the next one as its value, per wrapper (`timeout -s KILL`, `env -u NAME`, `nice -n 5`). */
const WRAPPER_VALUE_FLAGS: Readonly<Record<string, readonly string[]>> = {
    timeout: ["-s", "--signal", "-k", "--kill-after"],
    env: ["-u", "--unset", "-C", "--chdir", "-S", "--split-string"],
    nice: ["-n", "--adjustment"],
    command: [],
    nohup: [],
};

/**
 * The command a wrapper runs, whose exit status the wrapper passes on: `timeout [opts] DURATION cmd`,
 * `env [opts] [NAME=VALUE...] cmd`, `nice [opts] cmd`, `command cmd`, `nohup cmd`, and leading
 * `NAME=VALUE` assignments of a shell command; nested wrappers too. Anything else is returned as is. Pure.
 */
export function unwrapCommand(words: readonly string[]): string[] {
    // One index over the words, never a copy per wrapper: a hostile argv of 50,000 wrappers stays linear.
    let at = 0;
    for (;;) {
        while (at < words.length - 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[at])) {
            at++;
        }
        const valued = WRAPPER_VALUE_FLAGS[words[at]?.split("/").pop() ?? ""];
        if (valued === undefined) {
            return words.slice(at);
        }
        const base = words[at].split("/").pop();
        let i = at + 1;
        while (i < words.length && words[i].startsWith("-") && words[i] !== "--") {
            i += valued.includes(words[i]) ? 2 : 1;
        }
        if (words[i] === "--") {
            i++;
        }
        if (base === "timeout") {
            i++; // the duration
        }
        if (base === "env") {
            while (i < words.length && words[i].includes("=")) {
                i++;
            }
        }
        if (i >= words.length) {
            return words.slice(at);
        }
        at = i;
    }
}

/**
 * Whether a container command runs `program subcommand...` as one of the commands its exit status
 * comes from (`statusCommands`, each through its wrappers: `timeout`, `env`, `nice`, assignments);
 * the program matches by its base name (`/usr/bin/x` is `x`).
 */
export function statusRuns(
    command: readonly string[] | undefined,
    args: readonly string[] | undefined,
    program: string,
    subcommand: readonly string[] = [],
): boolean {
    return statusCommands(command, args)
        .map(unwrapCommand)
        .some((c) => c[0].split("/").pop() === program && subcommand.every((s, i) => c[i + 1] === s));
}
