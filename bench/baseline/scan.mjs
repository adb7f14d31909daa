/**
 * Baseline: the floor for a naive JS tool. Reads every line of every file given and
 * JSON.parses it, nothing else; prints the number of objects parsed. Plain JavaScript, like
 * the built CLI it is compared with: a `.ts` file would make Node load its type stripper
 * (about 20 MB and 30 ms) into the baseline.
 *
 *   node bench/baseline/scan.mjs FILE...
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

let objects = 0;
for (const file of process.argv.slice(2)) {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    JSON.parse(line);
    objects++;
  }
}
process.stdout.write(`${objects}\n`);
