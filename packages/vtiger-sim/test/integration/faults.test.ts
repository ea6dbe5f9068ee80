import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';

const challenge = (sim: VtigerSim): Promise<Response> => fetch(`${sim.endpoint}?operation=getchallenge&username=admin`);

test('http500Rate is roughly honoured and counted; the admin API is never faulted', async () => {
  const sim = await startVtigerSim({ records: 0, seed: 3, faults: { http500Rate: 0.2 } });
  try {
    let errors = 0;
    for (let i = 0; i < 300; i++) {
      const r = await challenge(sim);
      const body = await r.text();
      if (r.status === 500) {
        errors++;
        expect(body).toBe('');
      }
    }
    expect(errors).toBeGreaterThan(30);
    expect(errors).toBeLessThan(90);
    sim.setFaults({ http500Rate: 1 });
    const admin = await fetch(`${sim.url}/__sim/counters`);
    expect(admin.status).toBe(200);
    const counters = (await admin.json()) as { http500Injected: number; requests: number };
    expect(counters.http500Injected).toBe(errors);
    expect(counters.requests).toBe(300);
  } finally {
    await sim.close();
  }
});

test('resetRate destroys sockets without a response', async () => {
  const sim = await startVtigerSim({ records: 0, seed: 4, faults: { resetRate: 0.3 } });
  try {
    let resets = 0;
    for (let i = 0; i < 100; i++) {
      try {
        const r = await challenge(sim);
        await r.text();
        expect(r.status).toBe(200);
      } catch {
        resets++;
      }
    }
    expect(resets).toBeGreaterThan(12);
    expect(resets).toBeLessThan(50);
    expect(sim.counters().resetsInjected).toBe(resets);
  } finally {
    await sim.close();
  }
});

test('the same seed meets the same faults in the same order', async () => {
  const run = async (): Promise<number[]> => {
    const sim = await startVtigerSim({ records: 0, seed: 8, faults: { http500Rate: 0.3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const r = await challenge(sim);
        await r.text();
        statuses.push(r.status);
      }
      return statuses;
    } finally {
      await sim.close();
    }
  };
  const first = await run();
  expect(first).toContain(500);
  expect(first).toContain(200);
  expect(await run()).toEqual(first);
});

test('slowRate delays requests by slowMs', async () => {
  const sim = await startVtigerSim({ records: 0, seed: 8, faults: { slowRate: 0.5, slowMs: 150 } });
  try {
    const start = performance.now();
    for (let i = 0; i < 12; i++) await (await challenge(sim)).text();
    const elapsed = performance.now() - start;
    const slow = sim.counters().slowInjected;
    expect(slow).toBeGreaterThan(1);
    expect(slow).toBeLessThan(11);
    expect(elapsed).toBeGreaterThanOrEqual(slow * 150 - 5);
  } finally {
    await sim.close();
  }
});
