#!/usr/bin/env node
// Runs the CLI in this process and reports its peak resident memory and CPU time (user + system) on stderr (used by
// scripts/bench.mjs). The CLI loads as bin/clickker.js loads it (bin/load-cli.cjs: the bundle and its code cache).
import { createRequire } from 'node:module';

const { loadCli } = createRequire(import.meta.url)('../bin/load-cli.cjs');
const code = await loadCli().main(process.argv.slice(2));
const usage = process.resourceUsage();
process.stderr.write(`\nmaxrss_kb=${usage.maxRSS} cpu_us=${usage.userCPUTime + usage.systemCPUTime}\n`);
process.exitCode = code;
