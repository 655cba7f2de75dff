// A worker thread of the fleet judge (src/cli/fleet.ts): judges the snapshot files it is sent, writes each host's
// report text to its own spool files (descriptors opened by the main thread, src/cli/fleet-spool.ts) and answers with
// the host's summary and where its text lies. 'flush' writes what its spool holds and answers 'flushed'.
import { parentPort, workerData } from 'node:worker_threads';
import { allChecks } from '../../checks/index.js';
import { registerSecret } from '../report/redact.js';
import { judgeHostFile, type FleetJob } from './fleet-host.js';
import { HostSpool, type SpoolFds } from './fleet-spool.js';

export type WorkerTask = { index: number; file: string } | 'flush';

const { job, secrets, owner, fds } = workerData as { job: FleetJob; secrets: string[]; owner: number; fds: SpoolFds | null };
for (const s of secrets) registerSecret(s);
const checks = allChecks(job.requirements.requirements);
const spool = fds ? new HostSpool(fds) : null;

parentPort!.on('message', (task: WorkerTask) => {
  if (task === 'flush') {
    spool?.flush();
    parentPort!.postMessage('flushed');
    return;
  }
  parentPort!.postMessage({ index: task.index, summary: judgeHostFile(task.file, job, checks, spool, owner) });
});
parentPort!.postMessage('ready');
