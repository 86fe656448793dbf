// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
// The control plane's generated credentials: a CA, the API server's serving certificate and the
// service-account signing keys (openssl and node:crypto; valid one day, never leave the temp dir).
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ControlPlaneFiles } from "./settings";

/**
 * Writes a throwaway CA, a serving certificate for 127.0.0.1/localhost signed by it, and the
 * service-account key pair into `dir`; returns every path the control plane uses.
 */
export function writeCredentials(dir: string): ControlPlaneFiles {
    const f = (n: string) => path.join(dir, n);
    const files: ControlPlaneFiles = {
        dir,
        caCert: f("ca.crt"),
        caKey: f("ca.key"),
        serverCert: f("server.crt"),
        serverKey: f("server.key"),
        saKey: f("sa.key"),
        saPub: f("sa.pub"),
        tokens: f("tokens.csv"),
        kubeconfig: f("kubeconfig"),
    };
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    const openssl = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
    openssl(
        ["req", "-x509", ...ec, "-keyout", files.caKey, "-out", files.caCert, "-days", "1"].concat([
            "-subj",
            "/CN=cluster-platform-test-ca",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
        ]),
    );
    const ext = f("server.ext");
    fs.writeFileSync(
        ext,
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    );
    openssl(["req", ...ec, "-keyout", files.serverKey, "-out", f("server.csr"), "-subj", "/CN=kube-apiserver"]);
    openssl(
        ["x509", "-req", "-in", f("server.csr"), "-CA", files.caCert, "-CAkey", files.caKey, "-CAcreateserial"].concat([
            "-out",
            files.serverCert,
            "-days",
            "1",
            "-extfile",
            ext,
        ]),
    );
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
    fs.writeFileSync(files.saKey, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
    fs.writeFileSync(files.saPub, publicKey.export({ type: "spki", format: "pem" }));
    return files;
}
