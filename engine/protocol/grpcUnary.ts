// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// Unary gRPC calls over one HTTP/2 connection (node:http2), for the protocol engine's client: the
// wire format of gRPC over HTTP/2 (length-prefixed messages, status in trailers, grpc-timeout),
// nothing else. grpc-js's client (channels, load balancing, interceptors, call credentials) cost
// more CPU per Analyze call than building the request did: on ten thousand resources it made this
// side the slower one. The pack's server stays the SDK's own.
import * as http2 from "http2";

/** gRPC status codes this client produces or names. */
export const GRPC_STATUS = { OK: 0, UNKNOWN: 2, DEADLINE_EXCEEDED: 4, INTERNAL: 13, UNAVAILABLE: 14 };

/** A call that ended with a status other than OK (from the server, or from this client for a deadline or a lost connection). */
export class GrpcCallError extends Error {
    constructor(
        readonly code: number,
        readonly details: string,
    ) {
        super(`${code}: ${details}`);
        this.name = "GrpcCallError";
    }
}

/** The `grpc-message` of a response: percent-encoded UTF-8 (gRPC over HTTP/2, "Responses"). */
export function grpcMessageOf(raw: string | string[] | undefined): string {
    const text = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** The one message of a unary response body (5-byte prefix: compressed flag, big-endian length). */
export function unaryMessageOf(body: Buffer): Buffer {
    if (body.length < 5) {
        throw new GrpcCallError(GRPC_STATUS.INTERNAL, `the response holds ${body.length} bytes, not a message`);
    }
    if (body[0] !== 0) {
        throw new GrpcCallError(
            GRPC_STATUS.INTERNAL,
            `the response message is compressed (flag ${body[0]}); none was asked for`,
        );
    }
    const length = body.readUInt32BE(1);
    if (body.length !== 5 + length) {
        throw new GrpcCallError(
            GRPC_STATUS.INTERNAL,
            `the response holds ${body.length - 5} bytes after its prefix, not the one message of ${length} bytes a unary call returns`,
        );
    }
    return body.subarray(5);
}

/** One HTTP/2 connection to a gRPC server on which unary calls run concurrently. */
export class UnaryChannel {
    private readonly session: http2.ClientHttp2Session;

    /** Connects to `host:port` (plain text, as the Pulumi engine talks to a local plugin). */
    constructor(address: string) {
        this.session = http2.connect(`http://${address}`, {
            // One AnalyzeStack request carries the whole graph: do not let the session's buffer cap it.
            maxSessionMemory: 1024,
        });
        // A lost connection fails each open call through its stream; the session's own error is not an extra failure.
        this.session.on("error", () => undefined);
    }

    /**
     * Calls `path` (`/package.Service/Method`) with a serialized request; resolves to the serialized
     * response. Rejects with a GrpcCallError: the server's status, DEADLINE_EXCEEDED after `timeoutMs`
     * (the call is then cancelled), or UNAVAILABLE when the connection fails.
     */
    call(path: string, request: Uint8Array, timeoutMs: number): Promise<Buffer> {
        return new Promise<Buffer>((resolve, reject) => {
            let stream: http2.ClientHttp2Stream;
            try {
                stream = this.session.request({
                    ":method": "POST",
                    ":path": path,
                    "content-type": "application/grpc",
                    te: "trailers",
                    "grpc-timeout": `${Math.max(1, Math.ceil(timeoutMs))}m`,
                });
            } catch (err) {
                reject(new GrpcCallError(GRPC_STATUS.UNAVAILABLE, (err as Error).message));
                return;
            }
            const timer = setTimeout(
                () => settle(new GrpcCallError(GRPC_STATUS.DEADLINE_EXCEEDED, `no answer within ${timeoutMs} ms`)),
                timeoutMs,
            );
            let settled = false;
            const settle = (err: GrpcCallError | undefined, res?: Buffer): void => {
                if (settled) {
                    return;
                }
                settled = true;
                clearTimeout(timer);
                if (err) {
                    if (!stream.closed) {
                        stream.close(http2.constants.NGHTTP2_CANCEL);
                    }
                    reject(err);
                } else {
                    resolve(res!);
                }
            };
            const prefix = Buffer.allocUnsafe(5);
            prefix[0] = 0;
            prefix.writeUInt32BE(request.length, 1);
            stream.write(prefix);
            stream.end(request);
            const chunks: Buffer[] = [];
            let headers: http2.IncomingHttpHeaders = {};
            let trailers: http2.IncomingHttpHeaders | undefined;
            stream.on("response", (h) => (headers = h));
            stream.on("trailers", (t) => (trailers = t));
            stream.on("data", (chunk: Buffer) => chunks.push(chunk));
            stream.on("error", (err) => settle(new GrpcCallError(GRPC_STATUS.UNAVAILABLE, err.message)));
            stream.on("close", () => {
                // Trailers-Only responses carry the status in the headers.
                const fields = trailers ?? headers;
                const status = fields["grpc-status"];
                if (status === undefined) {
                    const why = headers[":status"]
                        ? `HTTP status ${headers[":status"]}`
                        : `stream closed (code ${stream.rstCode})`;
                    settle(new GrpcCallError(GRPC_STATUS.UNAVAILABLE, `no gRPC status in the response: ${why}`));
                    return;
                }
                const code = Number(status);
                if (code !== GRPC_STATUS.OK) {
                    settle(new GrpcCallError(code, grpcMessageOf(fields["grpc-message"])));
                    return;
                }
                try {
                    settle(undefined, unaryMessageOf(Buffer.concat(chunks)));
                } catch (err) {
                    settle(err as GrpcCallError);
                }
            });
        });
    }

    /** Closes the connection; open calls fail with UNAVAILABLE. */
    close(): void {
        this.session.destroy();
    }
}
