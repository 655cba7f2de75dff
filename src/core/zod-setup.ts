// zod settings for the whole program; every module that builds a zod schema imports this first, for its side effect.
//
// jitless: zod compiles each object schema with `new Function` on its first parse. A CLI parses each schema a few
// times at most, so the compiling never pays back: measured (issue 17), one snapshot parsed in 58 ms with it and
// 15 ms without, and 1,000 snapshots in 640 ms with it and 490 ms without. What is accepted, rejected and returned
// is the same either way (zod's fast path only replaces its own generic object walk).
import { config } from 'zod';

config({ jitless: true });
