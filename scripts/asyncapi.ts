/**
 * Writes the AsyncAPI 3.0 document of the events (the one the gateway serves at `GET /asyncapi.json`),
 * generated from the contracts, for tools that want a file (code generators, schema registries, docs).
 *
 *   npm run asyncapi                      # to stdout
 *   npm run asyncapi -- asyncapi.json     # to a file
 *
 * Not committed: the contracts are the source, and a copy would go stale with the next event version.
 */
import { writeFileSync } from 'node:fs';
import { asyncApiDocument } from '@techcredit/contracts';

const json = `${JSON.stringify(asyncApiDocument(), null, 2)}\n`;
const [file] = process.argv.slice(2);
if (file) {
  writeFileSync(file, json);
  console.error(`wrote ${file} (${json.length} bytes)`);
} else {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err; // `| head` closed the pipe: not a failure
  });
  process.stdout.write(json);
}
