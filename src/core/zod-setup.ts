// zod settings for the whole program; every module that builds a zod schema imports this first, for its side effect.
//
// jitless: zod compiles each object schema with `new Function` on its first parse. A CLI parses each schema a few
// times at most, so the compiling never pays back: measured (issue 17), one snapshot parsed in 58 ms with it and
// 15 ms without, and 1,000 snapshots in 640 ms with it and 490 ms without. What is accepted, rejected and returned
// is the same either way (zod's fast path only replaces its own generic object walk).
//
// English messages: the schemas on the start-up path are built with zod/mini (issue 17: a schema costs a quarter of
// classic zod's, which binds ~40 methods to every schema it makes). zod/mini sets no language for its messages; classic
// zod sets English when it builds its first schema. Set here, so a message is the same whichever built the schema
// (test/core/zod-jitless.test.ts compares every outcome with what classic zod gave).
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config({ ...en(), jitless: true });
