// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// gRPC plumbing shared by the host's services.
import * as grpc from "@grpc/grpc-js";

/** A unary gRPC handler. */
export type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, cb: grpc.sendUnaryData<Res>) => void;

/** Wraps an async handler so that a thrown error becomes a gRPC error instead of a crash. */
export function unary<Req, Res>(fn: (req: Req, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>): Unary<Req, Res> {
    return (call, cb) => {
        fn(call.request, call).then(
            (res) => cb(null, res),
            (err: unknown) =>
                cb({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) }),
        );
    };
}

/** Binds a server to a free loopback port. */
export function bind(server: grpc.Server): Promise<number> {
    return new Promise((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) =>
            err ? reject(err) : resolve(port),
        ),
    );
}
