import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { login, query } from '../support/http';

describe('100,000 records', () => {
  let sim: VtigerSim;
  let session: string;
  let ids: string[];
  let seedingMs: number;
  beforeAll(async () => {
    const start = performance.now();
    sim = await startVtigerSim({ records: { Contacts: 100_000 }, seed: 9 });
    seedingMs = performance.now() - start;
    session = await login(sim);
    ids = sim.records('Contacts').map((r) => r.id as string);
  });
  afterAll(() => sim.close());

  test('seeding 100,000 Contacts takes well under a few seconds (≈0.5–1 s alone)', () => {
    expect(ids.length).toBeGreaterThan(98_000);
    // Generous: jest runs suites in parallel on small machines.
    expect(seedingMs).toBeLessThan(5000);
  });

  test('keyset pages at the end of the table cost what they cost at the start, far less than a scan', async () => {
    // CPU time of this process (simulator and client share it) rather than wall time, which other load skews.
    const cpuMs = async (queries: string[]): Promise<number> => {
      const before = process.cpuUsage();
      for (const vtql of queries) await query(sim, session, vtql);
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    };
    const keyset = (after: string): string => `SELECT id FROM Contacts WHERE id > '${after}' ORDER BY id LIMIT 100;`;
    const early = Array.from({ length: 20 }, (_, i) => keyset(ids[i * 100] as string));
    const late = Array.from({ length: 20 }, (_, i) => keyset(ids[ids.length - 150 - i * 100] as string));
    // An unindexed filter that matches nothing walks all 100k rows on every page.
    const scans = Array.from(
      { length: 20 },
      (_, i) => `SELECT id FROM Contacts WHERE lastname = 'nobody ${i}' ORDER BY id LIMIT 100;`,
    );
    await cpuMs(early.slice(0, 3));
    const earlyMs = await cpuMs(early);
    const lateMs = await cpuMs(late);
    const scanMs = await cpuMs(scans);
    expect(lateMs).toBeLessThan(earlyMs * 2 + 30);
    expect(lateMs * 3).toBeLessThan(scanMs);
    const [first] = await query(sim, session, keyset(ids[ids.length - 150] as string));
    expect(first?.id).toBe(ids[ids.length - 149]);
  });

  test('a keyset walk over the last 10,000 records returns each live record once, in order', async () => {
    let last = ids[ids.length - 10_001] as string;
    const seen: string[] = [];
    for (;;) {
      const rows = await query(sim, session, `SELECT id FROM Contacts WHERE id > '${last}' ORDER BY id LIMIT 100;`);
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.id as string));
      last = rows[rows.length - 1]?.id as string;
    }
    expect(seen).toEqual(ids.slice(-10_000));
  });
});
