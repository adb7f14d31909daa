/** Worker-thread entry of `github-scan.ts`: scan one part of the files, answer once, exit. */
import { parentPort, workerData } from 'node:worker_threads';
import { errorRecord } from '../errors.ts';
import { type GithubScanRequest, scanGithubFiles, type WorkerReply } from './github-scan.ts';

let reply: WorkerReply;
try {
  reply = { ok: true, scan: await scanGithubFiles(workerData as GithubScanRequest) };
} catch (error) {
  reply = { ok: false, error: errorRecord(error) };
}
parentPort?.postMessage(reply);
