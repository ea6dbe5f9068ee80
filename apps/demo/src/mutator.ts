import type { VtigerSim } from '@vtiger-temporal/vtiger-sim';

/** Fields that satisfy each demo module's mandatory fields on the simulator. */
function newRecord(module: string, n: number): Record<string, string> {
  switch (module) {
    case 'Accounts':
      return { accountname: `Demo Account ${n}` };
    case 'Leads':
      return { lastname: `Lead ${n}`, company: 'Demo Inc' };
    default:
      return { lastname: `Demo ${n}` };
  }
}

/**
 * Plays a busy CRM on the simulator so the follow sync has something to follow: about once a second it creates,
 * modifies or deletes a record in one of `modules`. Returns a function that stops it.
 */
export function startMutator(sim: VtigerSim, modules: readonly string[]): () => void {
  let n = 0;
  const timer = setInterval(() => {
    const module = modules[n % modules.length]!;
    const op = Math.floor(n / modules.length) % 3; // every module sees creates, changes and deletes
    const live = sim.records(module);
    try {
      if (op === 0 || live.length === 0) sim.createRecord(module, newRecord(module, n));
      else if (op === 1) sim.updateRecord(live[(n * 7919) % live.length]!.id!, { description: `changed ${n}` });
      else sim.deleteRecord(live[(n * 104_729) % live.length]!.id!);
    } catch {
      // A module without the fields above: leave it alone.
    }
    n++;
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
