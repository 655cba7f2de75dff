#!/usr/bin/env node
// Runs the CLI in this process and reports its peak resident memory and CPU time (user + system) on stderr (used by
// scripts/bench.mjs).
import { main } from '../dist/bundle/main.js';

const code = await main(process.argv.slice(2));
const usage = process.resourceUsage();
process.stderr.write(`\nmaxrss_kb=${usage.maxRSS} cpu_us=${usage.userCPUTime + usage.systemCPUTime}\n`);
process.exitCode = code;
