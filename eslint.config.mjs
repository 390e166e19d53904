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
      "dist/**",
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
      // Lines go through src/lib/log.ts (levels, context, redaction), never straight to the console.
      "no-console": "error",
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
  // Browser code: one way to call the API (src/lib/client/api-fetch.ts); nothing from the server side
  // but types.
  {
    files: ["src/components/**/*.tsx", "src/lib/client/**/*.ts"],
    ignores: ["src/lib/client/api-fetch.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Call the API through src/lib/client/* (callApi)." }],
    },
  },
  {
    files: ["src/lib/client/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../*", "@/*", "!@/lib/client/*"],
              allowTypeImports: true,
              message: "Browser code imports only src/lib/client/* (and types): the rest of src/lib is server code.",
            },
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
              group: ["@/app/**", "**/src/app/**", "@/pages/**", "**/src/pages/**", "**/inngest/functions/**"],
              message: "src/lib is below the app and the Inngest functions.",
            },
          ],
        },
      ],
    },
  },
);
