// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// What the docs show, read from README.md, policies/README.md and docs/**/*.md: shell blocks split into
// commands (with the folder each runs in), output blocks marked `<!-- docs-test: output of <command> -->`,
// inline code and relative links. Shared by test/docs/docs.spec.ts and test/real-engine/docs.engine.ts.
import * as fs from "fs";
import * as path from "path";
import { PROJECT_DIR } from "../support/stacks";

/** A command line shown in a doc, as words (quotes removed, redirections dropped). */
export interface DocCommand {
    file: string;
    line: number;
    /** The folder it runs in, relative to the repository (`cd` in the same block), or `<unpacked pack>`. */
    cwd: string;
    words: string[];
    text: string;
    /** From inline code in prose rather than a shell block. */
    inline: boolean;
}

/** A fenced block whose content must equal a command's output. */
export interface OutputBlock {
    file: string;
    line: number;
    command: string;
    expected: string;
}

/** Everything read from one Markdown file. */
export interface Doc {
    file: string;
    commands: DocCommand[];
    outputs: OutputBlock[];
    /** Inline code spans outside fenced blocks, with their line. */
    inline: { text: string; line: number }[];
    /** Relative link targets, with their line. */
    links: { target: string; line: number }[];
    /** Files the doc tells the reader to create (`<!-- docs-test: creates <path> ... -->`): only their folder must exist. */
    creates: string[];
    /** Fenced `json` blocks, with the line of their fence. */
    json: { line: number; text: string }[];
}

/** The Markdown files whose commands and paths must stay true, relative to the repository. */
export function docFiles(): string[] {
    const under = (dir: string): string[] =>
        fs.readdirSync(path.join(PROJECT_DIR, dir), { withFileTypes: true }).flatMap((e) => {
            const rel = `${dir}/${e.name}`;
            return e.isDirectory() ? under(rel) : e.name.endsWith(".md") ? [rel] : [];
        });
    return ["README.md", "policies/README.md", ...under("docs")].sort();
}

const SHELL = new Set(["sh", "bash", "shell", "console"]);

/** Splits a shell line into words: quotes kept together and removed, `#` comments dropped. */
export function shellWords(line: string): string[][] {
    const commands: string[][] = [[]];
    let word: string | undefined;
    let quote: string | undefined;
    let depth = 0;
    const end = (): void => {
        if (word !== undefined) {
            commands[commands.length - 1].push(word);
        }
        word = undefined;
    };
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
            if (c === quote) {
                quote = undefined;
            } else {
                word = (word ?? "") + c;
            }
            continue;
        }
        if (depth > 0) {
            // Inside $( ) or <( ): kept as part of the word.
            depth += c === "(" ? 1 : c === ")" ? -1 : 0;
            word = (word ?? "") + c;
            continue;
        }
        if (c === "'" || c === '"') {
            quote = c;
            word = word ?? "";
        } else if (c === "<" && /[A-Za-z]/.test(line[i + 1] ?? "") && line.indexOf(">", i) > i) {
            // A placeholder such as <release URN> is one word, spaces and all.
            const close = line.indexOf(">", i);
            word = (word ?? "") + line.slice(i, close + 1);
            i = close;
        } else if ((c === "$" || c === "<") && line[i + 1] === "(") {
            depth = 1;
            word = (word ?? "") + c + "(";
            i++;
        } else if (c === "#" && word === undefined) {
            break;
        } else if (/\s/.test(c)) {
            end();
        } else if (c === "|" && word !== undefined && line[i + 1] !== undefined && /[^\s|]/.test(line[i + 1])) {
            // `<name>|all`: alternatives in a usage line, not a pipe.
            word += c;
        } else if (c === ";" || c === "|" || c === "&") {
            end();
            if ((c === "&" && line[i + 1] === "&") || (c === "|" && line[i + 1] === "|")) {
                i++;
            }
            if (c === "&" && line[i - 1] === ">") {
                continue;
            }
            commands.push([]);
        } else {
            word = (word ?? "") + c;
        }
    }
    end();
    return commands.map(dropRedirections).filter((c) => c.length > 0);
}

/** Drops redirections (`> file`, `2>&1`, `>> file`) and leading variable assignments. */
function dropRedirections(words: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < words.length; i++) {
        // Optional parts of a usage line, [--to <revision>], are words as well.
        const w = words[i].replace(/^\[/, "").replace(/\]$/, "");
        if (/^\d*>>?$/.test(w) || w === "<") {
            i++;
        } else if (/^\d*>>?\S+$/.test(w) || /^\d*>&\d$/.test(w)) {
            continue;
        } else if (w !== "") {
            out.push(w);
        }
    }
    while (out.length > 0 && /^[A-Za-z_]\w*=/.test(out[0])) {
        out.shift();
    }
    return out;
}

/** The folder after `cd <dir>` from `cwd` (repository-relative; outside it, `<unpacked pack>` or `<outside>`). */
function changeDir(cwd: string, dir: string): string {
    if (dir.startsWith("/")) {
        return /\/package\/?$/.test(dir) ? "<unpacked pack>" : "<outside>";
    }
    if (cwd.startsWith("<")) {
        return cwd;
    }
    const next = path.posix.normalize(path.posix.join(cwd, dir));
    return next.startsWith("..") ? "<outside>" : next;
}

/** Reads one doc. */
export function readDoc(file: string): Doc {
    const lines = fs.readFileSync(path.join(PROJECT_DIR, file), "utf8").split("\n");
    const doc: Doc = { file, commands: [], outputs: [], inline: [], links: [], creates: [], json: [] };
    for (let i = 0; i < lines.length; i++) {
        const creates = /^<!-- docs-test: creates (.+) -->$/.exec(lines[i]);
        if (creates) {
            doc.creates.push(...creates[1].split(/\s+/));
        }
        const fence = /^(\s*)```(\w*)/.exec(lines[i]);
        if (fence) {
            const start = i;
            const body: string[] = [];
            for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) {
                body.push(lines[i].slice(fence[1].length));
            }
            const marker = /^<!-- docs-test: output of (.+) -->$/.exec(lines[start - 1] ?? "");
            if (marker) {
                doc.outputs.push({ file, line: start + 1, command: marker[1], expected: body.join("\n") });
            }
            if (fence[2] === "json") {
                doc.json.push({ line: start + 1, text: body.join("\n") });
            }
            if (SHELL.has(fence[2])) {
                let cwd = ".";
                for (let j = 0; j < body.length; j++) {
                    let text = body[j];
                    const line = start + 2 + j;
                    while (text.endsWith("\\") && j + 1 < body.length) {
                        text = text.slice(0, -1) + " " + body[++j];
                    }
                    for (const words of shellWords(text)) {
                        doc.commands.push({ file, line, cwd, words, text, inline: false });
                        if (words[0] === "cd" && words[1]) {
                            cwd = changeDir(cwd, words[1]);
                        }
                    }
                }
            }
            continue;
        }
        for (const m of lines[i].matchAll(/`([^`]+)`/g)) {
            doc.inline.push({ text: m[1], line: i + 1 });
            if (/^(npm|pulumi|node|helm) /.test(m[1])) {
                for (const words of shellWords(m[1])) {
                    doc.commands.push({ file, line: i + 1, cwd: ".", words, text: m[1], inline: true });
                }
            }
        }
        for (const m of lines[i].matchAll(/\]\(([^)\s]+)\)/g)) {
            if (!/^[a-z]+:/.test(m[1]) && !m[1].startsWith("#")) {
                doc.links.push({ target: m[1].replace(/#.*$/, ""), line: i + 1 });
            }
        }
    }
    return doc;
}

/** Every doc, read. */
export function readDocs(): Doc[] {
    return docFiles().map(readDoc);
}
