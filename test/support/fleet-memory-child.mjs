// Child process of test/cli/fleet-memory.test.ts: allocates as a fleet does (each "host" builds ~300 KB that lives
// while the next few are built, then dies: what a scavenge finds alive is promoted to the old space) for argv[2] hosts, with the fleet's memory cap ticking once per host when
// argv[3] is "cap", and prints the largest new space and old space V8 had (MiB) and what the cap did, as JSON.
import v8 from 'node:v8';
import { pathToFileURL } from 'node:url';

const { capFleetMemory } = await import(pathToFileURL('dist/src/cli/fleet-memory.js').href);
const hosts = Number(process.argv[2]);
const cap = process.argv[3] === 'cap' ? capFleetMemory() : null;
const peak = { new_space: 0, old_space: 0 };
// Data that lives all along and grows to ~25 MB over the first 2,000 hosts (built up slowly: a burst of allocation
// at the start would grow the young generation before the cap could look): V8 sizes the old space from it.
const resident = [];
const recent = [];
for (let h = 0; h < hosts; h += 1) {
  const host = [];
  for (let i = 0; i < 2000; i += 1) host.push({ name: `feature-${h}-${i}`, state: i % 7, tags: [i, h] });
  if (h < 2000) for (let i = 0; i < 125; i += 1) resident.push({ id: `resident-${h}-${i}`, n: i });
  recent.push(host);
  if (recent.length > 4) recent.shift();
  cap?.tick();
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name in peak) peak[s.space_name] = Math.max(peak[s.space_name], s.space_size);
}
cap?.release();
const mb = (n) => Math.round((n / 1048576) * 10) / 10;
process.stdout.write(`${JSON.stringify({ hosts: recent.length > 0 && resident.length > 0 ? hosts : 0, newSpace: mb(peak.new_space), oldSpace: mb(peak.old_space), ...(cap ? cap.stats : {}) })}\n`);
