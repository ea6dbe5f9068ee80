import type { ModuleState, SyncProgress } from './state';

/** 12345 → "12,345" (no Intl: the sandbox's output must not depend on the worker's locale data). */
const int = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function moduleLine(m: ModuleState): string {
  const c = m.counters;
  const stored = c.inserted + c.updated;
  let status: string;
  switch (m.phase) {
    case 'pending':
      status = 'waiting';
      break;
    case 'full': {
      const pct = m.total ? ` (${Math.min(100, Math.floor((c.read / Math.max(1, m.total)) * 100))} %)` : '';
      status = `full load ${int(c.read)}${m.total !== undefined ? ` / ${int(m.total)}` : ''}${pct}`;
      break;
    }
    case 'incremental':
      status = `incremental pass since ${m.watermark ?? 'the start'}`;
      break;
    case 'reconcile':
      status = 'reconciling deletes';
      break;
    case 'sync-op':
      status = 'sync operation pass';
      break;
    default:
      status = m.loaded ? 'up to date' : 'waiting';
  }
  const error = m.lastError ? ` · last error: ${m.lastError.slice(0, 120)}` : '';
  return `- **${m.module}**: ${status} · ${int(stored)} stored, ${int(c.tombstoned)} deleted${error}`;
}

/**
 * The workflow's current details in the Web UI (Markdown): one progress line, then one line per module.
 * Holds counts, cursors' positions and times only (never a record or a session).
 */
export function renderDetails(p: SyncProgress): string {
  const head = `**${p.state}** · ${p.mode} sync of ${p.modules.length} module${p.modules.length === 1 ? '' : 's'} · ${int(
    p.recordsSynced,
  )} records synced, ${int(p.recordsDeleted)} deleted · sessions: ${p.sessions.logins} login${
    p.sessions.logins === 1 ? '' : 's'
  }, ${p.sessions.renewals} renewal${p.sessions.renewals === 1 ? '' : 's'}, ${p.sessions.keepAlives} keep-alive${
    p.sessions.keepAlives === 1 ? '' : 's'
  }${p.run > 0 ? ` · run ${p.run + 1}` : ''}${p.nextPollAt ? ` · next poll ${p.nextPollAt.slice(11, 19)} UTC` : ''}`;
  return [head, '', ...p.modules.map(moduleLine)].join('\n');
}
