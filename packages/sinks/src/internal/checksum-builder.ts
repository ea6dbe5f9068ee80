import { createHash, type Hash } from 'node:crypto';
import type { SinkChecksum } from '../types';

/** Feeds `id \t modifiedtime \t canonical JSON \n` lines, in crmid order, into a sha256. */
export class ChecksumBuilder {
  private readonly hash: Hash = createHash('sha256');
  private count = 0;

  add(id: string, modifiedtime: string, canonicalData: string): void {
    this.hash.update(`${id}\t${modifiedtime}\t${canonicalData}\n`);
    this.count += 1;
  }

  digest(): SinkChecksum {
    return { count: this.count, sha256: this.hash.digest('hex') };
  }
}
