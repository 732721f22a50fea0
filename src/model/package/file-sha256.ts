import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Lower-case hex SHA-256 of a file's bytes, streamed so that a large graph is not held twice in memory. The manifest's
 * `files` map holds these values; the exporter that writes a package computes them with this same function.
 *
 * @param path - file to hash
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
