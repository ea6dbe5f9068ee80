/**
 * Benchmark: full keyset scan of Contacts through `session.query` versus a bare undici `request` loop sending the
 * same requests through an identically configured Agent. Within each round the two scans are interleaved every
 * few pages, alternating which goes first, so that noise (GC, JIT, other processes on the machine) falls on both
 * alike; the ratio is client/bare throughput measured in the same run.
 *
 *   npm run bench -w @vtiger-temporal/vtiger-client
 *   BENCH_RECORDS=20000 BENCH_ROUNDS=6 BENCH_CHUNK_PAGES=5 npm run bench -w @vtiger-temporal/vtiger-client
 */
import { startVtigerSim } from '@vtiger-temporal/vtiger-sim';
import { Agent, request } from 'undici';
import { buildKeysetPageQuery, VtigerClient, type VtigerSession } from '@vtiger-temporal/vtiger-client';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const CHUNK = Number(process.env.BENCH_CHUNK_PAGES ?? 5);
const MODULE = 'Contacts';

// The same settings the client uses for the Agent it owns.
const agentOptions = { keepAliveTimeout: 4_000, connect: { timeout: 10_000 } };

type Page = (after: string | undefined) => Promise<Record<string, string>[]>;

function viaClient(session: VtigerSession): Page {
  return (after) => session.query(buildKeysetPageQuery(MODULE, { after }));
}

function viaBareUndici(endpoint: string, sessionName: string, dispatcher: Agent): Page {
  return async (after) => {
    const query = buildKeysetPageQuery(MODULE, { after });
    const url = `${endpoint}?operation=query&sessionName=${encodeURIComponent(sessionName)}&query=${encodeURIComponent(query)}`;
    const { statusCode, body } = await request(url, { dispatcher });
    const envelope = (await body.json()) as { success: boolean; result: Record<string, string>[] };
    if (statusCode !== 200 || !envelope.success) throw new Error(`bare request failed: HTTP ${statusCode}`);
    return envelope.result;
  };
}

/** One full keyset scan, advanced a few pages at a time so that two scans can be interleaved. */
class Scan {
  records = 0;
  ms = 0;
  done = false;
  #after: string | undefined;
  constructor(readonly page: Page) {}

  async step(pages: number): Promise<void> {
    const started = performance.now();
    for (let i = 0; i < pages && !this.done; i++) {
      const rows = await this.page(this.#after);
      if (rows.length === 0) this.done = true;
      else {
        this.records += rows.length;
        this.#after = rows[rows.length - 1]?.id;
      }
    }
    this.ms += performance.now() - started;
  }
}

/**
 * Runs one full scan with each path, interleaved in chunks of `chunk` pages with alternating order, so that load
 * from anything else on the machine falls on both paths alike.
 */
async function round(pages: { client: Page; bare: Page }, chunk: number, clientFirst: boolean) {
  const client = new Scan(pages.client);
  const bare = new Scan(pages.bare);
  let first = clientFirst;
  while (!client.done || !bare.done) {
    const order = first ? [client, bare] : [bare, client];
    for (const scan of order) await scan.step(chunk);
    first = !first;
  }
  return { client, bare };
}

async function main(): Promise<void> {
  const sim = await startVtigerSim({
    port: 0,
    profile: 'stock',
    records: { Contacts: RECORDS },
    seed: 1,
    latency: false,
  });
  const clientAgent = new Agent(agentOptions);
  const bareAgent = new Agent(agentOptions);
  const client = new VtigerClient({
    url: sim.url,
    username: sim.admin.username,
    accessKey: sim.admin.accessKey,
    dispatcher: clientAgent,
  });
  try {
    const session = await client.login();
    const contacts = await session.count(MODULE);
    const endpoint = `${sim.url}/webservice.php`;
    const pages = { client: viaClient(session), bare: viaBareUndici(endpoint, session.sessionName, bareAgent) };

    console.log(
      `Node ${process.version}; simulator latency off; ${contacts} ${MODULE}; ${ROUNDS} rounds, each a full keyset scan per path interleaved every ${CHUNK} pages`,
    );
    // Warm-up of both paths (JIT, connection pools, simulator caches); not counted.
    await round(pages, CHUNK, true);

    const totals = { client: { records: 0, ms: 0 }, bare: { records: 0, ms: 0 } };
    const ratios: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const { client: c, bare: b } = await round(pages, CHUNK, r % 2 === 0);
      for (const [name, scan] of [
        ['client', c],
        ['bare', b],
      ] as const) {
        if (scan.records !== contacts)
          throw new Error(`${name} scan returned ${scan.records} records, expected ${contacts}`);
        totals[name].records += scan.records;
        totals[name].ms += scan.ms;
      }
      const rates = { client: (c.records / c.ms) * 1000, bare: (b.records / b.ms) * 1000 };
      ratios.push(rates.client / rates.bare);
      console.log(
        `round ${r + 1}: client ${rates.client.toFixed(0)} rec/s, bare ${rates.bare.toFixed(0)} rec/s, ratio ${(rates.client / rates.bare).toFixed(3)}`,
      );
    }
    const clientRate = (totals.client.records / totals.client.ms) * 1000;
    const bareRate = (totals.bare.records / totals.bare.ms) * 1000;
    ratios.sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)] ?? Number.NaN;
    console.log(`client (session.query): ${clientRate.toFixed(0)} records/s`);
    console.log(`bare undici request:    ${bareRate.toFixed(0)} records/s`);
    console.log(
      `ratio client/bare:      ${(clientRate / bareRate).toFixed(3)} (median of rounds ${median.toFixed(3)}; target ≥ 0.95)`,
    );
  } finally {
    await client.close();
    await Promise.all([clientAgent.close(), bareAgent.close()]);
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
