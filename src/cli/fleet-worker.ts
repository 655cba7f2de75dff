// A worker thread of the fleet judge (src/cli/fleet.ts): judges the snapshot files it is sent, writes each host's
// report text to its own spool files (descriptors opened by the main thread, src/cli/fleet-spool.ts) and answers with
// the host's summary and where its text lies. 'flush' writes what its spool holds and answers 'flushed'.
// It runs inside the CLI bundle, loaded with its code cache as the main thread loads it (bin/load-cli.cjs), and
// starts here through main.ts's fleetWorker().
import { parentPort, workerData } from 'node:worker_threads';
import { allChecks } from '../../checks/index.js';
import { registerSecret } from '../report/redact.js';
import { judgeHostFile, type FleetJob } from './fleet-host.js';
import { capFleetMemory } from './fleet-memory.js';
import { HostSpool, type SpoolFds } from './fleet-spool.js';

export type WorkerTask = { index: number; file: string } | 'flush';
export interface WorkerData { job: FleetJob; secrets: string[]; owner: number; fds: SpoolFds | null; semiSpaceMb: number }

export function runFleetWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('the fleet worker runs in a worker thread');
  const { job, secrets, owner, fds, semiSpaceMb } = workerData as WorkerData;
  for (const s of secrets) registerSecret(s);
  const checks = allChecks(job.requirements.requirements);
  const spool = fds ? new HostSpool(fds) : null;
  // Its old space collected past the cap too, as the main thread's is (its young generation is capped by the
  // resourceLimits it was started with): flat memory at 10,000 hosts as at 1,000.
  const memory = capFleetMemory(semiSpaceMb);
  // For the tests only: the worker thread ends, as one that ran out of memory would, after this many answers, with
  // its spool's last buffer never written (test/cli/fleet.test.ts: the main thread judges its files again).
  const diesAfter = Number(process.env.CLICKKER_TEST_FLEET_WORKER_DIES_AFTER ?? 0);
  let answered = 0;
  port.on('message', (task: WorkerTask) => {
    if (task === 'flush') {
      spool?.flush();
      port.postMessage('flushed');
      return;
    }
    port.postMessage({ index: task.index, summary: judgeHostFile(task.file, job, checks, spool, owner) });
    memory.tick();
    answered += 1;
    if (answered === diesAfter) process.exit(70);
  });
  port.postMessage('ready');
}
