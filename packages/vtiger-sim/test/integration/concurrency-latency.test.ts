import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { login, query, resultOf, wsGet } from '../support/http';

const STEP_MS = 100;

describe('per-session serialisation (the PHP session lock)', () => {
  let sim: VtigerSim;
  beforeAll(async () => {
    sim = await startVtigerSim({ records: 10, latency: { otherMs: STEP_MS, noise: 0 } });
  });
  afterAll(() => sim.close());

  const timed = async (sessions: string[]): Promise<{ total: number; each: number[] }> => {
    const start = performance.now();
    const each = await Promise.all(
      sessions.map(async (s) => {
        const a = await wsGet(sim, { operation: 'listtypes', sessionName: s });
        resultOf(a);
        return performance.now() - start;
      }),
    );
    return { total: performance.now() - start, each: each.sort((x, y) => x - y) };
  };

  test('4 parallel requests on one session take about 4× one request (a staircase)', async () => {
    const s = await login(sim);
    const { total, each } = await timed([s, s, s, s]);
    expect(total).toBeGreaterThanOrEqual(3.5 * STEP_MS);
    // Each request finishes about one step after the previous one.
    for (let i = 1; i < each.length; i++)
      expect((each[i] as number) - (each[i - 1] as number)).toBeGreaterThan(0.6 * STEP_MS);
  });

  test('4 parallel requests on 4 sessions overlap', async () => {
    const sessions = [await login(sim), await login(sim), await login(sim), await login(sim)];
    const { total } = await timed(sessions);
    expect(total).toBeLessThan(2.5 * STEP_MS);
  });
});

describe('latency model', () => {
  test('defaults: a SELECT * page of 100 rows costs ≈ 17.3 + 100 × 0.152 ms (±10 %)', async () => {
    const sim = await startVtigerSim({ records: { Contacts: 150 }, latency: true });
    try {
      const s = await login(sim);
      const start = performance.now();
      const rows = await query(sim, s, 'SELECT * FROM Contacts ORDER BY id LIMIT 0,100;');
      const ms = performance.now() - start;
      expect(rows).toHaveLength(100);
      expect(ms).toBeGreaterThanOrEqual((17.3 + 15.2) * 0.9);
      expect(ms).toBeLessThan(1000);
    } finally {
      await sim.close();
    }
  });

  test('skipped offset rows cost time, keyset pages do not; setLatency(false) turns it off', async () => {
    const sim = await startVtigerSim({
      records: { Contacts: 700 },
      latency: { selectColumnsBaseMs: 5, selectColumnsPerRowMs: 0, selectColumnsPerSkippedRowMs: 0.5, noise: 0 },
    });
    try {
      const s = await login(sim);
      const ids = sim.records('Contacts').map((r) => r.id as string);
      const time = async (vtql: string): Promise<number> => {
        const start = performance.now();
        await query(sim, s, vtql);
        return performance.now() - start;
      };
      const offset = await time('SELECT id FROM Contacts ORDER BY id LIMIT 600,50;');
      const keyset = await time(`SELECT id FROM Contacts WHERE id > '${ids[599]}' ORDER BY id LIMIT 50;`);
      expect(offset).toBeGreaterThanOrEqual(300);
      expect(keyset).toBeLessThan(offset / 2);
      sim.setLatency(false);
      expect(await time('SELECT id FROM Contacts ORDER BY id LIMIT 600,50;')).toBeLessThan(offset / 2);
    } finally {
      await sim.close();
    }
  });
});
