// Lint: Next's rules (React, hooks, accessibility, TypeScript) plus the house's boundaries.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/generated/**", "test-results/**", "playwright-report/**", ".data/**", "next-env.d.ts"],
  },
  {
    rules: {
      // Only lib/env.ts reads the environment (validated once); tooling is exempt below.
      "no-process-env": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["lib/env.ts", "lib/server/launch.ts", "lib/cli/bin.mjs", "lib/tooling/**", "e2e/**", ".config/**"],
    rules: { "no-process-env": "off" },
  },
  {
    // Playwright fixtures hand over with a function named `use`, which is not React's.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Imports run one way: app → components → lib.
    files: ["lib/**", "prisma/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "@/components/*"], message: "lib never imports app or components." }] },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*"], message: "components never import app." }] }],
    },
  },
  {
    // No import cycles: a module never reaches itself through its imports (`import type` is erased, and the rule skips it).
    files: ["lib/**", "components/**", "app/**"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts", ".tsx", ".mjs", ".js"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": "error" },
  },
];

export default config;
