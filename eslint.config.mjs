import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

const noProcessEnv = {
  selector: "MemberExpression[object.name='process'][property.name='env']",
  message: "Read configuration through src/lib/env.ts (env()), the one validated place.",
};

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "node_modules/**",
      "src/generated/**",
      "src/lib/shopify/types/**",
      ".data/**",
      "scratch/**",
      "next-env.d.ts",
      "coverage/**",
    ],
  },
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  // App code: configuration only through the env module; no dev stand-ins or tests.
  {
    files: ["src/**/*.{ts,tsx}", "inngest/**/*.ts"],
    ignores: ["src/lib/env.ts"],
    rules: {
      "no-restricted-syntax": ["error", noProcessEnv],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/dev/**", "**/tests/**", "**/bench/**"], message: "App code never imports dev stand-ins, tests or benchmarks." },
            { group: ["**/generated/prisma/**", "@prisma/*"], message: "Prisma lives in src/lib only (src/lib/db.ts and *-queries.ts)." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/dev/**", "**/tests/**", "**/bench/**"], message: "App code never imports dev stand-ins, tests or benchmarks." },
            {
              group: ["@/app/**", "**/src/app/**", "**/inngest/functions/**"],
              message: "src/lib is below the app and the Inngest functions.",
            },
          ],
        },
      ],
    },
  },
);
