import { buildOffsetPageQuery, VtigerClient, type VtigerSession } from '@vtiger-temporal/vtiger-client';

/** Per-page latency of one strategy at both ends of a module. */
export interface PagingFigures {
  /** Median ms per 100-record page over the first `pages` pages. */
  startMs: number;
  /** Median ms per page over the last `pages` pages. */
  endMs: number;
  /** Estimated time of a whole scan, s: pages × the mean of start and end (cost grows linearly with the offset). */
  fullScanEstimateS: number;
}

export interface PagingResult {
  module: string;
  records: number;
  pagesTimed: number;
  keyset: PagingFigures;
  offset: PagingFigures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Times each `next()` of a page iterator, `pages` times. */
async function timePages(iterator: AsyncIterator<unknown>, pages: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < pages; i++) {
    const started = performance.now();
    const step = await iterator.next();
    if (step.done) throw new Error(`the module ended after ${i} timed pages`);
    times.push(performance.now() - started);
  }
  await iterator.return?.();
  return times;
}

async function timeQueries(session: VtigerSession, queries: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    const rows = await session.query(query);
    times.push(performance.now() - started);
    if (rows.length === 0) throw new Error(`an offset page at the end came back empty: ${query}`);
  }
  return times;
}

/**
 * Offset vs keyset paging with the client alone (no Temporal, no sink): the first `pages` 100-record pages and the
 * last `pages` of a module of `ids.length` records, on one session. The keyset end starts after the id that
 * precedes the last `pages` pages; the offset end queries `LIMIT offset,100` for the same pages.
 */
export async function runPagingBench(options: {
  vtiger: { url: string; username: string; accessKey: string };
  module: string;
  /** The module's ids in crmid order (from the simulator). */
  ids: readonly string[];
  pages: number;
}): Promise<PagingResult> {
  const { module, ids, pages } = options;
  const pageSize = 100;
  const endOffset = Math.max(0, ids.length - pages * pageSize);
  const client = new VtigerClient(options.vtiger);
  try {
    const session = await client.login();
    // Warm the connection and the JIT on a page that is not counted.
    await session.query(buildOffsetPageQuery(module, { pageSize }));

    const keysetStart = await timePages(session.pages(module, { pageSize }), pages);
    const after = endOffset > 0 ? ids[endOffset - 1] : undefined;
    const keysetEnd = await timePages(session.pages(module, { pageSize, after }), pages);
    const offsetStart = await timePages(session.pages(module, { pageSize, strategy: 'offset' }), pages);
    const offsetEnd = await timeQueries(
      session,
      Array.from({ length: pages }, (_, i) =>
        buildOffsetPageQuery(module, { pageSize, offset: endOffset + i * pageSize }),
      ),
    );
    const totalPages = Math.ceil(ids.length / pageSize);
    const figures = (start: number[], end: number[]): PagingFigures => {
      const startMs = median(start);
      const endMs = median(end);
      return { startMs, endMs, fullScanEstimateS: (totalPages * (startMs + endMs)) / 2 / 1000 };
    };
    return {
      module,
      records: ids.length,
      pagesTimed: pages,
      keyset: figures(keysetStart, keysetEnd),
      offset: figures(offsetStart, offsetEnd),
    };
  } finally {
    await client.close();
  }
}
