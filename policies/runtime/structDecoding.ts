// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// google.protobuf.Struct bytes straight to plain data, inside the pack: what google-protobuf's
// Struct.deserializeBinary(bytes).toJavaScript() returns (keys sorted as its map sorts them, the
// last of a repeated key or oneof case winning, the same error for a Value with no kind), without
// building a message object per value. Those objects were most of the pack's garbage on ten
// thousand resources: a third of its CPU went to collecting them.

import { SECRET_SIG_KEY } from "./wire";

/** What a Struct decodes to, and what the SDK's deserializer would still have to do with it. */
export interface DecodedStruct {
    value: Record<string, unknown>;
    /**
     * False when the SDK's own deserializer must see the value: it holds a signature key (asset,
     * archive or secret) or a `__proto__` key (which google-protobuf's reader assigns as a prototype).
     */
    plain: boolean;
    /** True when a string anywhere in it is one of `unknownStrings` (a value unknown at preview). */
    unknown: boolean;
}

const NO_STRINGS: ReadonlySet<string> = new Set();

/** Raised for bytes that are not a well-formed Struct. */
export class StructDecodeError extends Error {
    constructor(message: string) {
        super(`malformed google.protobuf.Struct: ${message}`);
        this.name = "StructDecodeError";
    }
}

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_DELIMITED = 2;
const WIRE_FIXED32 = 5;
/** The fields of google.protobuf.Value: null, number, string, bool, struct, list. */
const VALUE_FIELDS = new Set([1, 2, 3, 4, 5, 6]);

class Reader {
    pos: number;
    plain = true;
    unknown = false;

    constructor(
        private readonly buf: Buffer,
        start: number,
        private readonly unknownStrings: ReadonlySet<string>,
    ) {
        this.pos = start;
    }

    varint(end: number): number {
        let result = 0;
        let scale = 1;
        for (;;) {
            if (this.pos >= end) {
                throw new StructDecodeError(`varint runs past the end at byte ${this.pos}`);
            }
            const b = this.buf[this.pos++];
            result += (b & 0x7f) * scale;
            if (b < 0x80) {
                return result;
            }
            scale *= 128;
            if (scale > 2 ** 63) {
                throw new StructDecodeError(`varint longer than ten bytes at byte ${this.pos}`);
            }
        }
    }

    /** The end of a length-delimited field that starts here. */
    delimited(end: number): number {
        const len = this.varint(end);
        const stop = this.pos + len;
        if (stop > end) {
            throw new StructDecodeError(`a field of ${len} bytes runs past the end at byte ${this.pos}`);
        }
        return stop;
    }

    skip(wire: number, end: number): void {
        switch (wire) {
            case WIRE_VARINT:
                this.varint(end);
                return;
            case WIRE_FIXED64:
                this.pos += 8;
                break;
            case WIRE_DELIMITED:
                this.pos = this.delimited(end);
                return;
            case WIRE_FIXED32:
                this.pos += 4;
                break;
            default:
                throw new StructDecodeError(`wire type ${wire} at byte ${this.pos}`);
        }
        if (this.pos > end) {
            throw new StructDecodeError(`a fixed-size field runs past the end at byte ${this.pos}`);
        }
    }

    string(end: number): string {
        const stop = this.delimited(end);
        const s = this.buf.toString("utf8", this.pos, stop);
        this.pos = stop;
        return s;
    }

    struct(end: number): Record<string, unknown> {
        const keys: string[] = [];
        const values: unknown[] = [];
        // Keys arrive sorted from google-protobuf's writer (and this engine's); only others need sorting.
        let ordered = true;
        while (this.pos < end) {
            const tag = this.varint(end);
            if (tag >>> 3 !== 1 || (tag & 7) !== WIRE_DELIMITED) {
                this.skip(tag & 7, end);
                continue;
            }
            const stop = this.delimited(end);
            let key = "";
            let value: unknown = undefined;
            while (this.pos < stop) {
                const t = this.varint(stop);
                if (t === 0x0a) {
                    key = this.string(stop);
                } else if (t === 0x12) {
                    value = this.value(this.delimited(stop));
                } else {
                    this.skip(t & 7, stop);
                }
            }
            if (value === undefined) {
                // A map entry without its value holds a default Value, whose toJavaScript throws this.
                throw new Error("Unexpected struct type");
            }
            if (key === SECRET_SIG_KEY || key === "__proto__") {
                this.plain = false;
            }
            if (keys.length > 0 && !(keys[keys.length - 1] < key)) {
                ordered = false;
            }
            keys.push(key);
            values.push(value);
        }
        const out: Record<string, unknown> = {};
        if (ordered) {
            for (let i = 0; i < keys.length; i++) {
                out[keys[i]] = values[i];
            }
            return out;
        }
        // google-protobuf's map: the last value of a key wins, and it iterates keys sorted.
        const fields = new Map<string, unknown>();
        keys.forEach((k, i) => fields.set(k, values[i]));
        for (const key of [...fields.keys()].sort()) {
            out[key] = fields.get(key);
        }
        return out;
    }

    list(end: number): unknown[] {
        const out: unknown[] = [];
        while (this.pos < end) {
            const tag = this.varint(end);
            if (tag === 0x0a) {
                out.push(this.value(this.delimited(end)));
            } else {
                this.skip(tag & 7, end);
            }
        }
        return out;
    }

    /** A Value ending at `end`; `undefined` only when it has no kind. */
    value(end: number): unknown {
        let out: unknown = undefined;
        while (this.pos < end) {
            const tag = this.varint(end);
            const field = tag >>> 3;
            const wire = tag & 7;
            if (field === 1 && wire === WIRE_VARINT) {
                this.varint(end);
                out = null;
            } else if (field === 2 && wire === WIRE_FIXED64) {
                if (this.pos + 8 > end) {
                    throw new StructDecodeError(`a number runs past the end at byte ${this.pos}`);
                }
                out = this.buf.readDoubleLE(this.pos);
                this.pos += 8;
            } else if (field === 3 && wire === WIRE_DELIMITED) {
                const s = this.string(end);
                if (this.unknownStrings.has(s)) {
                    this.unknown = true;
                }
                out = s;
            } else if (field === 4 && wire === WIRE_VARINT) {
                out = this.varint(end) !== 0;
            } else if (field === 5 && wire === WIRE_DELIMITED) {
                out = this.struct(this.delimited(end));
            } else if (field === 6 && wire === WIRE_DELIMITED) {
                out = this.list(this.delimited(end));
            } else if (VALUE_FIELDS.has(field)) {
                throw new StructDecodeError(`field ${field} of a Value has wire type ${wire} at byte ${this.pos}`);
            } else {
                this.skip(wire, end);
            }
        }
        if (out === undefined) {
            throw new Error("Unexpected struct type");
        }
        return out;
    }
}

/**
 * Decodes the bytes of one google.protobuf.Struct (`bytes[start, end)`) to plain data, and says
 * whether it is plain (see {@link DecodedStruct}) and whether it holds one of `unknownStrings`.
 */
export function decodeStruct(
    bytes: Uint8Array,
    unknownStrings: ReadonlySet<string> = NO_STRINGS,
    start = 0,
    end = bytes.length,
): DecodedStruct {
    const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const reader = new Reader(buf, start, unknownStrings);
    const value = reader.struct(end);
    return { value, plain: reader.plain, unknown: reader.unknown };
}
