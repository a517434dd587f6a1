// Library build: one self-contained ES module that Home Assistant serves as a static file.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Tests read local hours (plan ticks): pin a zone without daylight saving so they are stable.
process.env.TZ = "Australia/Brisbane";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  build: {
    outDir: process.env.SIGENSTOR_OUT_DIR ?? here("../custom_components/sigenstor/frontend"),
    // Only our one file is written there; never wipe the folder.
    emptyOutDir: false,
    target: "es2021",
    minify: true,
    sourcemap: false,
    reportCompressedSize: false,
    copyPublicDir: false,
    // Library mode keeps whitespace for downstream bundlers; this file goes straight to browsers.
    rolldownOptions: { output: { minify: true } },
    lib: {
      entry: here("src/index.ts"),
      formats: ["es"],
      fileName: () => "sigenstor-cards.js",
    },
  },
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    testTimeout: 60000,
  },
});
