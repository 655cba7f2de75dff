// A worker thread of the fleet judge (src/cli/fleet.ts): judges the snapshot files it is sent, one message each.
import { parentPort, workerData } from 'node:worker_threads';
import { allChecks } from '../../checks/index.js';
import { registerSecret } from '../report/redact.js';
import { judgeHostFile, type FleetJob } from './fleet-host.js';

const { job, secrets } = workerData as { job: FleetJob; secrets: string[] };
for (const s of secrets) registerSecret(s);
const checks = allChecks(job.requirements.requirements);

parentPort!.on('message', (task: { index: number; file: string }) => {
  parentPort!.postMessage({ index: task.index, summary: judgeHostFile(task.file, job, checks) });
});
