// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// google.protobuf.Struct bytes straight from plain data, for the protocol engine's requests: the
// same bytes google-protobuf writes for Struct.fromJavaScript(value).serializeBinary() (keys sorted
// as its map writer sorts them, the same type rules, the same error), without building a message
// object per value. Building and serializing those objects was a third of the client's CPU on ten
// thousand resources, and most of its garbage. The request around the Struct stays google-protobuf's.

/** Bytes of a varint. */
function varintLength(n: number): number {
    return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

type Kind = "string" | "number" | "boolean" | "null" | "array" | "object";

/**
 * Bytes (a Buffer, a `!!binary` value) as their base64 text, as the Kubernetes API writes bytes and
 * as manifest mode reads them (engine/manifests/wireForm.ts); google-protobuf walked a Buffer's
 * enumerable properties, its methods among them, and threw.
 */
function bytesAsText(v: unknown): unknown {
    return ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64") : v;
}

/**
 * google-protobuf's Value.fromJavaScript cases (goog.typeOf), with `undefined` as null (a list item;
 * as JSON writes it); anything else is its error.
 */
function kindOf(v: unknown): Kind {
    const t = typeof v;
    if (t === "string" || t === "number" || t === "boolean") {
        return t;
    }
    if (v === null || v === undefined) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "array";
    }
    if (t === "object") {
        return "object";
    }
    throw new Error("Unexpected struct type.");
}

/**
 * The keys google-protobuf writes: `for in` (as Struct.fromJavaScript reads them), sorted (as its map
 * writer sorts). A `__proto__` key (a YAML manifest can hold one) is left out: google-protobuf's map
 * is a plain object, so it never wrote that key, and setting it assigned to Object.prototype of the
 * process; the reader on the pack's side would do the same with it. A key holding `undefined` is left
 * out as JSON and Pulumi's serializer leave it out (google-protobuf threw on it, and the throw escaped
 * the client as an unhandled rejection).
 */
function keysOf(o: object): string[] {
    const keys: string[] = [];
    for (const k in o) {
        if (k !== "__proto__" && (o as Record<string, unknown>)[k] !== undefined) {
            keys.push(k);
        }
    }
    return keys.sort();
}

/**
 * Pass one: the length of every length-delimited part, in the order pass two writes them
 * (`sizes`), and the sorted keys of every object (`keys`).
 */
class Measure {
    readonly sizes: number[] = [];
    readonly keys: string[][] = [];

    value(raw: unknown): number {
        const v = bytesAsText(raw);
        const slot = this.sizes.push(0) - 1;
        let len: number;
        switch (kindOf(v)) {
            case "string": {
                const n = Buffer.byteLength(v as string, "utf8");
                this.sizes.push(n);
                len = 1 + varintLength(n) + n;
                break;
            }
            case "number":
                len = 9;
                break;
            case "boolean":
            case "null":
                len = 2;
                break;
            case "array": {
                const b = this.list(v as unknown[]);
                len = 1 + varintLength(b) + b;
                break;
            }
            default: {
                const b = this.struct(v as object);
                len = 1 + varintLength(b) + b;
            }
        }
        this.sizes[slot] = len;
        return len;
    }

    list(a: readonly unknown[]): number {
        const slot = this.sizes.push(0) - 1;
        let b = 0;
        for (let i = 0; i < a.length; i++) {
            const l = this.value(a[i]);
            b += 1 + varintLength(l) + l;
        }
        this.sizes[slot] = b;
        return b;
    }

    struct(o: object): number {
        const slot = this.sizes.push(0) - 1;
        const keys = keysOf(o);
        this.keys.push(keys);
        let b = 0;
        for (const k of keys) {
            const entrySlot = this.sizes.push(0) - 1;
            const kb = Buffer.byteLength(k, "utf8");
            this.sizes.push(kb);
            const vl = this.value((o as Record<string, unknown>)[k]);
            const entry = 1 + varintLength(kb) + kb + 1 + varintLength(vl) + vl;
            this.sizes[entrySlot] = entry;
            b += 1 + varintLength(entry) + entry;
        }
        this.sizes[slot] = b;
        return b;
    }
}

/** Pass two: writes what pass one measured, in the same order. */
class Write {
    private at = 0;
    private size = 0;
    private key = 0;

    constructor(
        private readonly buf: Buffer,
        private readonly m: Measure,
    ) {}

    private varint(n: number): void {
        while (n >= 0x80) {
            this.buf[this.at++] = (n & 0x7f) | 0x80;
            n >>>= 7;
        }
        this.buf[this.at++] = n;
    }

    private string(s: string, n: number): void {
        this.varint(n);
        this.at += this.buf.write(s, this.at, n, "utf8");
    }

    /** A Value's body (its own length was written by the caller from the next size). */
    value(raw: unknown): void {
        const v = bytesAsText(raw);
        this.size++;
        switch (kindOf(v)) {
            case "string":
                this.buf[this.at++] = 0x1a; // string_value = 3
                this.string(v as string, this.m.sizes[this.size++]);
                break;
            case "number":
                this.buf[this.at++] = 0x11; // number_value = 2, 64-bit
                if (Number.isNaN(v)) {
                    // google-protobuf's NaN bits (both read back as NaN; these keep the bytes equal).
                    this.buf.writeUInt32LE(0xffffffff, this.at);
                    this.buf.writeUInt32LE(0x7fffffff, this.at + 4);
                } else {
                    this.buf.writeDoubleLE(v as number, this.at);
                }
                this.at += 8;
                break;
            case "boolean":
                this.buf[this.at++] = 0x20; // bool_value = 4
                this.buf[this.at++] = v ? 1 : 0;
                break;
            case "null":
                this.buf[this.at++] = 0x08; // null_value = 1
                this.buf[this.at++] = 0;
                break;
            case "array":
                this.buf[this.at++] = 0x32; // list_value = 6
                this.varint(this.m.sizes[this.size]);
                this.list(v as unknown[]);
                break;
            default:
                this.buf[this.at++] = 0x2a; // struct_value = 5
                this.varint(this.m.sizes[this.size]);
                this.struct(v as object);
        }
    }

    list(a: readonly unknown[]): void {
        this.size++;
        for (let i = 0; i < a.length; i++) {
            this.buf[this.at++] = 0x0a; // values = 1
            this.varint(this.m.sizes[this.size]);
            this.value(a[i]);
        }
    }

    struct(o: object): void {
        this.size++;
        const keys = this.m.keys[this.key++];
        for (const k of keys) {
            this.buf[this.at++] = 0x0a; // fields = 1, one map entry
            this.varint(this.m.sizes[this.size++]);
            this.buf[this.at++] = 0x0a; // entry key = 1
            this.string(k, this.m.sizes[this.size++]);
            this.buf[this.at++] = 0x12; // entry value = 2
            this.varint(this.m.sizes[this.size]);
            this.value((o as Record<string, unknown>)[k]);
        }
    }

    get written(): number {
        return this.at;
    }
}

/** The serialized google.protobuf.Struct of a plain object (as google-protobuf would write it). */
export function structBytes(o: object): Buffer {
    const m = new Measure();
    const total = m.struct(o);
    const buf = Buffer.allocUnsafe(total);
    const w = new Write(buf, m);
    w.struct(o);
    if (w.written !== total) {
        throw new Error(`structBytes: wrote ${w.written} of ${total} bytes`);
    }
    return buf;
}

/** A length-delimited field (wire type 2) with the given number and bytes. */
export function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
    const tag = (field << 3) | 2;
    const head = Buffer.allocUnsafe(varintLength(tag) + varintLength(bytes.length));
    let at = 0;
    for (const n of [tag, bytes.length]) {
        let v = n;
        while (v >= 0x80) {
            head[at++] = (v & 0x7f) | 0x80;
            v >>>= 7;
        }
        head[at++] = v;
    }
    return Buffer.concat([head, bytes]);
}
