// Copyright 2026 The cluster-platform authors. SPDX-License-Identifier: Apache-2.0
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            ".toolchain/**",
            "node_modules/**",
            "policies/node_modules/**",
            "bin/**",
            "policies/bin/**",
            "reports/**",
            "**/*.tmp.ts",
        ],
    },
    ...tseslint.configs.recommended,
    {
        // Plain CommonJS preloads and launchers: they run before TypeScript is loaded.
        files: ["scripts/*.js", "test/**/support/*.js"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", process: "readonly", __dirname: "readonly", console: "readonly" },
        },
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["**/*.ts"],
        languageOptions: { parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } },
        plugins: { "@pulumi": pulumi },
        rules: {
            "@pulumi/no-output-in-template-literal": "error",
            "@pulumi/no-output-instance-in-template-literal": "error",
            curly: "error",
            eqeqeq: ["error", "smart"],
            "prefer-const": "error",
            "no-var": "error",
            "@typescript-eslint/no-non-null-assertion": "off",
        },
    },
);
