// The committed bundle must be exactly what the sources build to, and stay within budget.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const committed = fileURLToPath(new URL("../../custom_components/sigenstor/frontend/sigenstor-cards.js", import.meta.url));

describe("built bundle", () => {
  it("matches a fresh build of the sources (run `npm run build` after changing them)", async () => {
    const out = mkdtempSync(join(tmpdir(), "sigenstor-cards-"));
    // Vitest runs with NODE_ENV=test, which would resolve Lit's development build.
    const env = process.env["NODE_ENV"];
    process.env["NODE_ENV"] = "production";
    try {
      await build({
        root,
        configFile: join(root, "vite.config.ts"),
        mode: "production",
        logLevel: "silent",
        build: { outDir: out },
      });
      const fresh = readFileSync(join(out, "sigenstor-cards.js"), "utf8");
      expect(readFileSync(committed, "utf8") === fresh, "committed bundle is stale").toBe(true);
    } finally {
      process.env["NODE_ENV"] = env;
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("is one self-contained module within the 60 KB gzip budget", () => {
    const code = readFileSync(committed, "utf8");
    expect(gzipSync(code, { level: 9 }).length / 1024).toBeLessThanOrEqual(60);
    // No imports from elsewhere, no network fetches, no external fonts.
    expect(code).not.toMatch(/\bimport\s*\(|\bfrom\s*["']|fetch\(|@import|fonts\.googleapis|https?:\/\/(?!www\.w3\.org)/);
    for (const name of ["sigenstor-dashboard-card", "sigenstor-plan-card", "sigenstor-schedule-card"]) {
      expect(code).toContain(name);
    }
  });
});
