// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Where a finding lives in the repository, for SARIF: the source line that declared the resource
// (found by reading the component sources, not from a hand-kept map), the object's line in a
// manifest file, or the stack-file line of a setting.
import * as fs from "fs";
import * as path from "path";
import { Finding } from "../../policies/lib/findings";
import { RecordedResource } from "../recording/program";

/** A place in a file; `file` is relative to the project (POSIX separators) or absolute when outside it. */
export interface SourceLocation {
    file: string;
    /** 1-based. */
    line: number;
}

/** Where a finding is shown: one primary place, and other places that hold the same cause. */
export interface FindingLocation {
    primary: SourceLocation;
    related: SourceLocation[];
}

/** Locates a finding of one stack. */
export type Locator = (f: Finding) => FindingLocation;

/** A resource name template found in the sources: `${<expr>}-<role>` where the role may hold `${...}` parts. */
interface NameTemplate {
    file: string;
    line: number;
    role: RegExp;
    /** Literal characters of the role: more literal means more specific. */
    literal: number;
}

/** What the component sources declare: component types and the child name templates of each file. */
export interface SourceIndex {
    /** Component type token → the file and line of its `super("<type>", ...)` call. */
    components: Map<string, SourceLocation>;
    /** File → its name templates, most specific first. */
    templates: Map<string, NameTemplate[]>;
    /** Files that declare no component class (the platform and provider builders): root-level resources. */
    rootFiles: string[];
}

const SUPER = /super\(\s*"([^"]+)"/;
const TEMPLATE = /`\$\{[^}]+\}-((?:[^`$]|\$\{[^}]*\})+)`/g;

function roleRegex(role: string): { re: RegExp; literal: number } {
    const parts = role.split(/\$\{[^}]*\}/);
    const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return { re: new RegExp(`^${escaped.join(".+")}$`), literal: parts.join("").length };
}

function sourceFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((d) =>
            d.isDirectory()
                ? sourceFiles(path.join(dir, d.name))
                : d.name.endsWith(".ts") && !d.name.endsWith(".d.ts")
                  ? [path.join(dir, d.name)]
                  : [],
        );
}

/** Relative POSIX path of a file inside the project; the absolute path when it lies outside. */
export function projectRelative(projectDir: string, file: string): string {
    const rel = path.relative(projectDir, path.resolve(projectDir, file));
    return rel.startsWith("..") || path.isAbsolute(rel)
        ? path.resolve(projectDir, file)
        : rel.split(path.sep).join("/");
}

/** Reads `components/**\/*.ts` under the project: which file declares which component and which child names. */
export function indexSources(projectDir: string): SourceIndex {
    const index: SourceIndex = { components: new Map(), templates: new Map(), rootFiles: [] };
    for (const abs of sourceFiles(path.join(projectDir, "components"))) {
        const file = projectRelative(projectDir, abs);
        const lines = fs.readFileSync(abs, "utf8").split("\n");
        const templates: NameTemplate[] = [];
        let declaresComponent = false;
        lines.forEach((text, i) => {
            const sup = SUPER.exec(text);
            if (sup) {
                index.components.set(sup[1], { file, line: i + 1 });
                declaresComponent = true;
            }
            for (const m of text.matchAll(TEMPLATE)) {
                const { re, literal } = roleRegex(m[1]);
                templates.push({ file, line: i + 1, role: re, literal });
            }
        });
        // Stable sort: among equally specific templates the first declared wins.
        index.templates.set(
            file,
            templates.sort((a, b) => b.literal - a.literal),
        );
        if (!declaresComponent && templates.length > 0) {
            index.rootFiles.push(file);
        }
    }
    return index;
}

function matchTemplate(templates: readonly NameTemplate[], role: string): SourceLocation | undefined {
    const t = templates.find((x) => x.role.test(role));
    return t ? { file: t.file, line: t.line } : undefined;
}

/**
 * The source line that declared a recorded resource: its parent component's file, at the child
 * name template that produces its name; the component's `super(...)` line when no template
 * matches; for root-level resources (no component parent) the builder files' templates.
 */
export function declarationOf(
    resource: RecordedResource,
    byUrn: ReadonlyMap<string, RecordedResource>,
    index: SourceIndex,
): SourceLocation | undefined {
    const parent = byUrn.get(resource.parent);
    const home = parent ? index.components.get(parent.type) : undefined;
    if (parent && home) {
        const role = resource.name.startsWith(`${parent.name}-`) ? resource.name.slice(parent.name.length + 1) : "";
        return (role && matchTemplate(index.templates.get(home.file) ?? [], role)) || home;
    }
    const dash = resource.name.indexOf("-");
    if (dash > 0) {
        const role = resource.name.slice(dash + 1);
        for (const file of index.rootFiles) {
            const found = matchTemplate(index.templates.get(file) ?? [], role);
            if (found) {
                return found;
            }
        }
    }
    return undefined;
}

/**
 * The locator of a program run: resource findings at the source line that declared the resource,
 * stack-wide findings (and resources no source declares) at the stack file's `config:` line.
 */
export function programLocator(
    resources: readonly RecordedResource[],
    index: SourceIndex,
    stackFile: SourceLocation,
): Locator {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return (f) => {
        const r = byUrn.get(f.resource);
        return { primary: (r && declarationOf(r, byUrn, index)) || stackFile, related: [] };
    };
}

/** The locator of a manifest run: each finding at its object's file and line. */
export function manifestLocator(
    objects: ReadonlyMap<string, SourceLocation>,
    projectDir: string,
    fallback: SourceLocation,
): Locator {
    return (f) => {
        const at = objects.get(f.resource);
        return {
            primary: at ? { file: projectRelative(projectDir, at.file), line: at.line } : fallback,
            related: [],
        };
    };
}
