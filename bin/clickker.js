#!/usr/bin/env node
// Thin launcher. The CLI is bundled into dist/bundle by `npm run build`.
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
