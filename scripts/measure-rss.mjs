#!/usr/bin/env node
// Runs the CLI in this process and reports its peak resident memory on stderr (used by scripts/bench.mjs).
import { main } from '../dist/bundle/main.js';

const code = await main(process.argv.slice(2));
process.stderr.write(`\nmaxrss_kb=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
