// Entry point of the single executable (clickker.exe): scripts/build-exe.mjs bundles this file into one CommonJS file
// for the Node SEA. No top-level await (CommonJS has none); the launcher for npm installs is bin/clickker.js.
import { main } from './main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
