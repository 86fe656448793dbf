// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import * as assert from "assert";
import { changedFlags, effectiveWords, flagValue, shellWords } from "../../policies/lib/exposure/command";

describe("commands read as commands", () => {
    /** [case, command, args, words]. */
    const WORDS: [string, string[] | undefined, string[] | undefined, string[]][] = [
        [
            "plain args",
            undefined,
            ["--maxmemory=1gb", "--proactor_threads", "2"],
            ["--maxmemory=1gb", "--proactor_threads", "2"],
        ],
        [
            "sh -c with exec",
            ["sh", "-c"],
            ["exec dragonfly --admin_port=9999 --requirepass=$PW"],
            ["dragonfly", "--admin_port=9999", "--requirepass=$PW"],
        ],
        [
            "/bin/sh -ec with quotes",
            ["/bin/sh", "-ec", "redis-cli -p 9999 'PING' && echo \"ok done\""],
            undefined,
            ["redis-cli", "-p", "9999", "PING", "&&", "echo", "ok done"],
        ],
        ["bash -e -c", ["/bin/bash", "-e", "-c", "a; b"], undefined, ["a", ";", "b"]],
        ["a shell without -c runs a script file", ["sh", "/probe.sh"], undefined, ["sh", "/probe.sh"]],
        ["not a shell", ["dragonfly"], ["--logtostderr"], ["dragonfly", "--logtostderr"]],
    ];
    for (const [name, command, args, words] of WORDS) {
        it(name, () => assert.deepStrictEqual(effectiveWords(command, args), words));
    }

    it("an unterminated quote names the script", () => {
        assert.throws(() => shellWords("echo 'x"), { message: `unterminated single quote in "echo 'x"` });
    });

    /** [words, flag, value]. */
    const FLAGS: [string[], string, string | undefined][] = [
        [["--admin_port=9999"], "admin_port", "9999"],
        [["--admin_port", "9998"], "--admin_port", "9998"],
        [["--admin_nopass"], "admin_nopass", "true"],
        [["-requirepass=x"], "requirepass", "x"],
        [["--a=1", "--a=2"], "a", "2"],
        [["--other=1"], "a", undefined],
    ];
    for (const [words, flag, value] of FLAGS) {
        it(`${JSON.stringify(words)} gives ${flag} = ${String(value)}`, () =>
            assert.strictEqual(flagValue(words, flag), value));
    }

    it("a flag restating the default is not a change", () => {
        assert.deepStrictEqual(
            changedFlags(["--admin_port=9999", "--admin_nopass", "--maxmemory=2gb"], {
                admin_port: "9999",
                admin_nopass: "true",
            }),
            ["maxmemory"],
        );
        assert.deepStrictEqual(changedFlags(["--admin_port=9998"], { admin_port: "9999" }), ["admin_port"]);
    });
});
