// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import * as http2 from "http2";
import { AddressInfo } from "net";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { GRPC_STATUS, GrpcCallError, grpcMessageOf, UnaryChannel } from "../../engine/protocol/grpcUnary";
import { ANALYZER_PATHS } from "../../engine/protocol/client";

type Handler = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, body: Buffer) => void;

/** A plain HTTP/2 server playing a gRPC server's part, one handler per test. */
async function serverWith(handler: Handler): Promise<{ address: string; close(): Promise<void> }> {
    const server = http2.createServer();
    server.on("stream", (stream, headers) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => handler(stream, headers, Buffer.concat(chunks)));
        stream.on("error", () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        address: `127.0.0.1:${port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/** A message with its gRPC prefix (compressed flag, big-endian length). */
function framed(message: Buffer, flag = 0): Buffer {
    const prefix = Buffer.alloc(5);
    prefix[0] = flag;
    prefix.writeUInt32BE(message.length, 1);
    return Buffer.concat([prefix, message]);
}

/** Answers with `body` and then the trailers `trailers`. */
function answer(stream: http2.ServerHttp2Stream, body: Buffer, trailers: http2.OutgoingHttpHeaders): void {
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    stream.end(body);
}

/** The call's rejection as [code, details]. */
async function failureOf(p: Promise<unknown>): Promise<[number, string]> {
    try {
        await p;
    } catch (err) {
        assert.ok(err instanceof GrpcCallError, String(err));
        return [err.code, err.details];
    }
    throw new Error("the call succeeded");
}

describe("protocol engine: unary gRPC calls over HTTP/2 (engine/protocol/grpcUnary.ts)", () => {
    let closers: (() => Promise<void>)[] = [];
    afterEach(async () => {
        await Promise.all(closers.map((c) => c()));
        closers = [];
    });
    async function channelTo(handler: Handler): Promise<UnaryChannel> {
        const server = await serverWith(handler);
        const channel = new UnaryChannel(server.address);
        closers.push(async () => channel.close(), server.close);
        return channel;
    }

    it("sends one framed message with gRPC's headers and returns the answer's message", async () => {
        let seen: { headers: http2.IncomingHttpHeaders; body: Buffer } | undefined;
        const channel = await channelTo((stream, headers, body) => {
            seen = { headers, body };
            answer(stream, framed(Buffer.from("pong")), { "grpc-status": "0" });
        });
        const res = await channel.call("/pulumirpc.Analyzer/Analyze", Buffer.from("ping"), 5000);
        assert.strictEqual(res.toString(), "pong");
        assert.deepStrictEqual(
            {
                method: seen!.headers[":method"],
                path: seen!.headers[":path"],
                contentType: seen!.headers["content-type"],
                te: seen!.headers.te,
                timeout: seen!.headers["grpc-timeout"],
            },
            {
                method: "POST",
                path: "/pulumirpc.Analyzer/Analyze",
                contentType: "application/grpc",
                te: "trailers",
                timeout: "5000m",
            },
        );
        assert.ok(seen!.body.equals(framed(Buffer.from("ping"))));
    });

    it("runs calls side by side on one connection", async () => {
        const channel = await channelTo((stream, _h, body) =>
            setTimeout(() => answer(stream, body, { "grpc-status": "0" }), 20 - body[5]),
        );
        const replies = await Promise.all(
            [1, 2, 3, 4, 5].map((i) => channel.call("/s/M", Buffer.from([i]), 5000).then((b) => b[0])),
        );
        assert.deepStrictEqual(replies, [1, 2, 3, 4, 5]);
    });

    it("rejects with the server's status and its percent-decoded message, trailers-only answers included", async () => {
        const channel = await channelTo((stream, headers) => {
            if (headers[":path"] === "/s/TrailersOnly") {
                stream.respond(
                    { ":status": 200, "grpc-status": "13", "grpc-message": "bad%20value%3A%20%C3%BC" },
                    { endStream: true },
                );
            } else {
                answer(stream, Buffer.alloc(0), { "grpc-status": "2", "grpc-message": "Error validating resource" });
            }
        });
        assert.deepStrictEqual(await failureOf(channel.call("/s/TrailersOnly", Buffer.alloc(0), 5000)), [
            GRPC_STATUS.INTERNAL,
            "bad value: ü",
        ]);
        assert.deepStrictEqual(await failureOf(channel.call("/s/Other", Buffer.alloc(0), 5000)), [
            GRPC_STATUS.UNKNOWN,
            "Error validating resource",
        ]);
        assert.strictEqual(grpcMessageOf("100%"), "100%");
    });

    it("cancels a call that outlives its deadline, and the server sees the cancellation", async () => {
        let cancelled!: Promise<number>;
        const channel = await channelTo((stream) => {
            cancelled = new Promise((resolve) => stream.on("close", () => resolve(stream.rstCode)));
        });
        assert.deepStrictEqual(await failureOf(channel.call("/s/Slow", Buffer.alloc(0), 100)), [
            GRPC_STATUS.DEADLINE_EXCEEDED,
            "no answer within 100 ms",
        ]);
        assert.strictEqual(await cancelled, http2.constants.NGHTTP2_CANCEL);
    });

    it("fails every open call with UNAVAILABLE when the connection goes, and when it cannot be made", async () => {
        const channel = await channelTo((stream) => stream.session?.destroy());
        const [code] = await failureOf(channel.call("/s/M", Buffer.alloc(0), 5000));
        assert.strictEqual(code, GRPC_STATUS.UNAVAILABLE);
        const server = await serverWith(() => undefined);
        await server.close();
        const nowhere = new UnaryChannel(server.address);
        try {
            assert.strictEqual(
                (await failureOf(nowhere.call("/s/M", Buffer.alloc(0), 5000)))[0],
                GRPC_STATUS.UNAVAILABLE,
            );
        } finally {
            nowhere.close();
        }
    });

    it("refuses an answer that is not one uncompressed message", async () => {
        const bodies: Record<string, Buffer> = {
            "/s/Compressed": framed(Buffer.from("x"), 1),
            "/s/Two": Buffer.concat([framed(Buffer.from("a")), framed(Buffer.from("b"))]),
            "/s/Short": Buffer.from([0, 0]),
            "/s/NoStatus": framed(Buffer.from("x")),
        };
        const channel = await channelTo((stream, headers) =>
            answer(stream, bodies[headers[":path"]!], headers[":path"] === "/s/NoStatus" ? {} : { "grpc-status": "0" }),
        );
        const failures = [];
        for (const path of Object.keys(bodies)) {
            failures.push(await failureOf(channel.call(path, Buffer.alloc(0), 5000)));
        }
        assert.deepStrictEqual(failures, [
            [GRPC_STATUS.INTERNAL, "the response message is compressed (flag 1); none was asked for"],
            [
                GRPC_STATUS.INTERNAL,
                "the response holds 7 bytes after its prefix, not the one message of 1 bytes a unary call returns",
            ],
            [GRPC_STATUS.INTERNAL, "the response holds 2 bytes, not a message"],
            [GRPC_STATUS.UNAVAILABLE, "no gRPC status in the response: HTTP status 200"],
        ]);
    });

    it("calls the Analyzer methods at the paths of @pulumi/pulumi's service definition", () => {
        const service = analyzerGrpc.AnalyzerService as unknown as Record<string, { path: string }>;
        for (const [method, path] of Object.entries(ANALYZER_PATHS)) {
            assert.strictEqual(path, service[method].path, method);
        }
        assert.strictEqual(Object.keys(ANALYZER_PATHS).length, 5);
    });
});
