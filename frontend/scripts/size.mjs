#!/usr/bin/env node
// Print the size of the built card bundle as one JSON object (gzip level 9, KB = 1024 bytes).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const path = process.argv[2] ?? fileURLToPath(new URL("../../custom_components/sigenstor/frontend/sigenstor-cards.js", import.meta.url));
const bytes = readFileSync(path);
const gz = gzipSync(bytes, { level: 9 }).length;
console.log(
  JSON.stringify({
    bundle: "custom_components/sigenstor/frontend/sigenstor-cards.js",
    bytes: bytes.length,
    gzip_bytes: gz,
    bundle_kb: Math.round((bytes.length / 1024) * 10) / 10,
    bundle_kb_gzip: Math.round((gz / 1024) * 10) / 10,
    budget_kb_gzip: 60,
    within_budget: gz / 1024 <= 60,
  }),
);
