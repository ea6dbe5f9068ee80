import { htmlEntities } from '../internal/html-entities';
import { type Prng } from '../internal/prng';
import { formatDate, formatDateTime } from '../internal/time';
import { type FieldMeta, type ModuleMeta, MODULES, isRecordModule } from '../metadata/modules';
import { type RecordStore, type SimRecord } from './records';
import { type UserDirectory, type UserRow, DEFAULT_GROUPS } from './users';
import { ceil, dateUtc, floor, isInteger, max, min, str } from '../internal/intrinsics';

/** Modules seeded by default, in the order their records first appear. */
export const SEEDED_MODULES: readonly string[] = ['Accounts', 'Contacts', 'Leads', 'Potentials', 'HelpDesk'];

/** Records per seeded module when `records` is not given. */
export const DEFAULT_RECORDS_PER_MODULE = 50;

const FIRST_NAMES = [
  'Ada',
  'Grace',
  'Alan',
  'Zoë',
  'José',
  'François',
  'Øystein',
  'Łukasz',
  'Maria',
  'Jürgen',
  'Chloé',
  'Søren',
  'Ana',
  'Björn',
  'Noémie',
  'Mateo',
  'Amélie',
  'Lars',
  'Ingrid',
  'Rafael',
  'Hannah',
  'Kenji',
  'Aiko',
  'Priya',
  'Omar',
  'Fatima',
  'Liam',
  'Emma',
  'Noah',
  'Olivia',
  'Sofia',
  'Lucas',
  'Mei',
  'Ciarán',
  'Dagný',
  'Zoltán',
];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Müller',
  'Schäfer',
  'Nuñez',
  'Dvořák',
  'Ørsted',
  'Åkesson',
  'García',
  'Kowalski',
  'Smith',
  'Johnson',
  'Brown',
  'Lefèvre',
  "O'Brien",
  'Novák',
  'Rossi',
  'Bianchi',
  'Nakamura',
  'Tanaka',
  'Patel',
  'Kim',
  'Nguyen',
  'Silva',
  'Jensen',
  'Müller/Ørsted',
  'van der Berg',
  "D'Angelo",
  'Łukaszewicz',
  'Þórsdóttir',
  'Ibáñez',
];
const COMPANIES = [
  'Analytical Engines Ltd',
  'Müller & Söhne GmbH',
  'Ørsted/Nordic A/S',
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella plc',
  "Zoë's Bakery",
  'Société Générale de Test',
  'Café Crème S.à r.l.',
  'Wayne Enterprises',
  'Stark Industries',
  'Tyrell Corp',
  'Cyberdyne Systems',
  'Soylent Co',
  'Hooli',
  'Vandelay Industries',
  'Pied Piper',
  'Dunder Mifflin',
  'Bluth Company',
  'Åland Shipping Ab',
  'Škoda Parts s.r.o.',
];
const PLACES: ReadonlyArray<readonly [string, string]> = [
  ['Berlin', 'Germany'],
  ['München', 'Germany'],
  ['Zürich', 'Switzerland'],
  ['København', 'Denmark'],
  ['Kraków', 'Poland'],
  ['São Paulo', 'Brazil'],
  ['Montréal', 'Canada'],
  ['Paris', 'France'],
  ['London', 'United Kingdom'],
  ['New York', 'USA'],
  ['Tokyo', 'Japan'],
  ['Oslo', 'Norway'],
  ['Århus', 'Denmark'],
  ['Reykjavík', 'Iceland'],
  ['Wien', 'Austria'],
  ['Brno', 'Czechia'],
];
const STREETS = ['Main Street', 'High Street', 'Königstraße', "Rue de l'Église", 'Calle Mayor', 'Strandvejen'];
const TITLES = ['CEO', 'CTO', 'Head of Sales', 'Buyer', 'Engineer', 'Consultant', 'Director R&D', 'Countess'];
const DEPARTMENTS = ['Sales', 'Purchasing', 'IT', 'Finance', 'R&D', 'Support/Operations'];
const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];
const TICKET_SUBJECTS = [
  'Cannot log in',
  'Invoice total wrong',
  'Export to CSV/Excel fails',
  'Slow dashboard',
  'Umlaut ü shown as ?',
  'Password reset',
  'API returns 500',
  'Feature request: dark mode',
  'Sync stuck at 99%',
  'Printer offline',
];
const DEAL_WORDS = ['Renewal', 'Upgrade', 'Pilot', 'Expansion', 'Licences', 'Support contract', 'Migration'];

const TWO_DIGITS: readonly string[] = Array.from({ length: 60 }, (_, i) => str(i).padStart(2, '0'));

const asciiCache = new Map<string, string>();

/** Strips accents and non-letters for e-mail local parts (cached: inputs come from the small lists above). */
function asciiWord(value: string): string {
  let out = asciiCache.get(value);
  if (out === undefined) {
    out = value
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    asciiCache.set(value, out);
  }
  return out;
}

/**
 * Pools of generated strings shared between records: seeding 100k records then allocates little more than the
 * records themselves (the garbage collector was most of the cost).
 */
class Pools {
  readonly phones: string[];
  readonly streets: string[];
  private readonly pairs = new Map<number, { email: string; label: string }>();
  private readonly texts = new Map<string, string>();
  private readonly labels = new Map<string, string>();

  /** `text` interned (`encode` false) or entity-encoded for a label, cached either way. */
  label(text: string, encode = true): string {
    const cache = encode ? this.labels : this.texts;
    let out = cache.get(text);
    if (out === undefined) {
      out = encode ? htmlEntities(text) : text;
      cache.set(text, out);
    }
    return out;
  }

  constructor(prng: Prng) {
    this.phones = Array.from(
      { length: 4096 },
      () => `+${prng.range(1, 49)} ${prng.range(100, 999)} ${prng.range(1000000, 9999999)}`,
    );
    this.streets = Array.from({ length: 2048 }, () =>
      prng.chance(0.3)
        ? `Flat ${prng.range(1, 40)}/${prng.range(1, 200)} ${prng.pick(STREETS)}`
        : `${prng.pick(STREETS)} ${prng.range(1, 250)}`,
    );
  }

  /** E-mail and label of a first/last name pair (by index into the name lists). */
  person(
    firstIndex: number,
    lastIndex: number,
    domain: string,
    store: RecordStore,
    meta: ModuleMeta,
  ): { email: string; label: string } {
    const key = (meta.idPrefix * 256 + firstIndex) * 256 + lastIndex;
    let entry = this.pairs.get(key);
    if (!entry) {
      const first = FIRST_NAMES[firstIndex] as string;
      const last = LAST_NAMES[lastIndex] as string;
      const probe = { values: { firstname: first, lastname: last }, meta } as unknown as SimRecord;
      entry = { email: `${asciiWord(first)}.${asciiWord(last)}@${domain}`, label: store.computeLabel(probe) };
      this.pairs.set(key, entry);
    }
    return entry;
  }
}

interface Timeline {
  readonly startSec: number;
  readonly endSec: number;
  readonly massSeconds: readonly number[];
}

/**
 * Seeds the store: `counts` records per module, interleaved on one crmid sequence in creation order, with
 * createdtimes spread over ~400 days before `epochMs`, many records sharing a second (imports, mass updates:
 * ties are what sync and watermark logic must survive), mostly assigned to the admin, some to the other users
 * and a group, about 1% already deleted. Deterministic for a given seed, counts and epoch.
 */
export function seedStore(
  store: RecordStore,
  users: UserDirectory,
  counts: ReadonlyMap<string, number>,
  prng: Prng,
  epochMs: number,
): void {
  const plan = [...counts].filter(([module, n]) => n > 0 && MODULES.has(module));
  const total = plan.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return;

  const endSec = floor(epochMs / 1000) - 60;
  const spanSec = 400 * 86400;
  const startSec = endSec - spanSec;
  const massCount = max(3, ceil(total / 1500));
  const massSeconds = Array.from({ length: massCount }, () => endSec - prng.int(floor(spanSec / 2))).sort(
    (a, b) => a - b,
  );
  const timeline: Timeline = { startSec, endSec, massSeconds };

  const admin = users.admin;
  const others = users.rows.filter((u) => u !== admin && u.active);
  const inactive = users.rows.filter((u) => !u.active);
  const groupIds = new Map(DEFAULT_GROUPS.map((g) => [g.id, `20x${g.id}`]));
  // Day strings are cached and the time of day is built from a 00..59 table: formatting through Date for every
  // distinct second was a visible share of seeding.
  const dayCache = new Map<number, string>();
  const at = (sec: number): string => {
    const day = floor(sec / 86400);
    let dayText = dayCache.get(day);
    if (dayText === undefined) {
      dayText = formatDateTime(day * 86400_000).slice(0, 11);
      dayCache.set(day, dayText);
    }
    const t = sec - day * 86400;
    return `${dayText}${TWO_DIGITS[floor(t / 3600)]}:${TWO_DIGITS[floor(t / 60) % 60]}:${TWO_DIGITS[t % 60]}`;
  };

  const created: Record<string, number[]> = {};
  const pools = new Pools(prng.fork(7));
  const remaining = plan.map(([module, n]) => ({ meta: MODULES.get(module) as ModuleMeta, left: n }));
  let left = total;
  const meanGap = (2 * spanSec) / total;
  let cur = startSec;

  for (let i = 0; i < total; i++) {
    // Pick a module weighted by what it still needs, so modules interleave on the crmid sequence.
    let r = prng.int(left);
    let slot = remaining[0] as (typeof remaining)[number];
    for (const candidate of remaining) {
      if (r < candidate.left) {
        slot = candidate;
        break;
      }
      r -= candidate.left;
    }
    slot.left--;
    left--;

    if (i > 0 && !prng.chance(0.5)) cur = min(endSec, cur + 1 + prng.int(max(1, ceil(meanGap))));
    const createdSec = cur;
    const deleted = prng.chance(0.01);
    const modifiedSec = pickModified(prng, timeline, createdSec);

    const ownerRoll = prng.next();
    let owner: UserRow | undefined = admin;
    let ownerId = admin.userId;
    let ownerNumber = admin.id;
    if (ownerRoll >= 0.8 && ownerRoll < 0.95 && others.length > 0) {
      owner = prng.pick(others);
    } else if (ownerRoll >= 0.95 && ownerRoll < 0.98) {
      const group = prng.pick(DEFAULT_GROUPS);
      owner = undefined;
      ownerId = groupIds.get(group.id) as string;
      ownerNumber = group.id;
    } else if (ownerRoll >= 0.98 && inactive.length > 0) {
      owner = prng.pick(inactive);
    }
    if (owner) {
      ownerId = owner.userId;
      ownerNumber = owner.id;
    }

    const common: CommonValues = {
      assigned_user_id: ownerId,
      createdtime: at(createdSec),
      modifiedtime: at(modifiedSec),
      modifiedby: (owner ?? admin).userId,
    };
    if (slot.meta.fieldByName.has('source')) common.source = prng.chance(0.7) ? 'CRM' : 'WEBSERVICE';
    const { values, label } = moduleValues(slot.meta, prng, created, createdSec, pools, store, common);
    const record = store.insert(slot.meta, values, deleted, label, ownerNumber);
    if (!deleted) (created[slot.meta.name] ??= []).push(record.crmid);
  }
}

function pickModified(prng: Prng, timeline: Timeline, createdSec: number): number {
  const roll = prng.next();
  if (roll < 0.4) return createdSec;
  if (roll < 0.7) return createdSec + prng.int(max(1, timeline.endSec - createdSec + 1));
  const mass = prng.pick(timeline.massSeconds);
  return mass >= createdSec ? mass : createdSec;
}

function ref(prng: Prng, created: Record<string, number[]>, module: string, p: number): string | undefined {
  const ids = created[module];
  if (!ids || ids.length === 0 || !prng.chance(p)) return undefined;
  const prefix = (MODULES.get(module) as ModuleMeta).idPrefix;
  return `${prefix}x${ids[prng.int(ids.length)] as number}`;
}

function setIf(values: Record<string, string | undefined>, field: string, value: string | undefined): void {
  if (value !== undefined && value !== '') values[field] = value;
}

function picklist(prng: Prng, meta: ModuleMeta, field: string): string | undefined {
  const values = meta.fieldByName.get(field)?.picklist ?? [];
  return values.length > 0 ? prng.pick(values) : undefined;
}

/** Fields every seeded record has. */
interface CommonValues {
  assigned_user_id: string;
  createdtime: string;
  modifiedtime: string;
  modifiedby: string;
  source?: string;
}

interface Seeded {
  readonly values: Record<string, string | undefined>;
  /** Precomputed label, when the generator knows it (saves entity-encoding every record). */
  readonly label?: string;
}

function moduleValues(
  meta: ModuleMeta,
  prng: Prng,
  created: Record<string, number[]>,
  createdSec: number,
  pools: Pools,
  store: RecordStore,
  common: CommonValues,
): Seeded {
  const [city, country] = prng.pick(PLACES);
  switch (meta.name) {
    // Object literals with every key at once (undefined where a record has no value): one allocation and one
    // shape per module, which keeps seeding and row building fast.
    case 'Accounts': {
      const company = prng.pick(COMPANIES);
      const accountname = prng.chance(0.5) ? company : pools.label(`${company} ${city}`, false);
      const values: Record<string, string | undefined> = {
        accountname,
        phone: prng.pick(pools.phones),
        website: prng.chance(0.6) ? pools.label(`https://www.${asciiWord(company)}.example/`, false) : undefined,
        email1: pools.label(`info@${asciiWord(company)}.example`, false),
        industry: picklist(prng, meta, 'industry'),
        accounttype: picklist(prng, meta, 'accounttype'),
        employees: str(prng.range(1, 5000)),
        annual_revenue: (prng.range(10, 50000) * 1000).toFixed(8),
        bill_street: prng.pick(pools.streets),
        bill_city: city,
        bill_country: country,
        ship_city: city,
        ship_country: country,
        ...common,
      };
      return { values, label: pools.label(accountname) };
    }
    case 'Contacts': {
      const fi = prng.int(FIRST_NAMES.length);
      const li = prng.int(LAST_NAMES.length);
      const person = pools.person(fi, li, 'example.invalid', store, meta);
      const values: Record<string, string | undefined> = {
        salutationtype: prng.chance(0.6) ? prng.pick(SALUTATIONS) : undefined,
        firstname: FIRST_NAMES[fi],
        lastname: LAST_NAMES[li],
        phone: prng.pick(pools.phones),
        mobile: prng.chance(0.5) ? prng.pick(pools.phones) : undefined,
        account_id: ref(prng, created, 'Accounts', 0.7),
        leadsource: prng.chance(0.5) ? picklist(prng, meta, 'leadsource') : undefined,
        title: prng.chance(0.5) ? prng.pick(TITLES) : undefined,
        department: prng.chance(0.4) ? prng.pick(DEPARTMENTS) : undefined,
        birthday: prng.chance(0.3)
          ? formatDate(dateUtc(1950 + prng.int(50), prng.int(12), 1 + prng.int(28)))
          : undefined,
        email: person.email,
        mailingstreet: prng.pick(pools.streets),
        mailingcity: city,
        mailingcountry: country,
        description: prng.chance(0.2)
          ? pools.label(`Met at the ${city} fair; prefers e-mail/phone.`, false)
          : undefined,
        ...common,
      };
      return { values, label: person.label };
    }
    case 'Leads': {
      const fi = prng.int(FIRST_NAMES.length);
      const li = prng.int(LAST_NAMES.length);
      const person = pools.person(fi, li, 'leads.example.invalid', store, meta);
      const values: Record<string, string | undefined> = {
        salutationtype: prng.chance(0.5) ? prng.pick(SALUTATIONS) : undefined,
        firstname: FIRST_NAMES[fi],
        lastname: LAST_NAMES[li],
        company: prng.pick(COMPANIES),
        phone: prng.pick(pools.phones),
        email: person.email,
        leadsource: picklist(prng, meta, 'leadsource'),
        leadstatus: picklist(prng, meta, 'leadstatus'),
        industry: prng.chance(0.5) ? picklist(prng, meta, 'industry') : undefined,
        noofemployees: str(prng.range(1, 900)),
        lane: prng.pick(pools.streets),
        city,
        country,
        ...common,
      };
      return { values, label: person.label };
    }
    case 'Potentials': {
      const potentialname = pools.label(`${prng.pick(COMPANIES)} – ${prng.pick(DEAL_WORDS)}`, false);
      const values: Record<string, string | undefined> = {
        potentialname,
        amount: (prng.range(1, 500) * 100).toFixed(8),
        related_to: ref(prng, created, 'Accounts', 0.8),
        contact_id: ref(prng, created, 'Contacts', 0.5),
        closingdate: formatDate((createdSec + prng.int(180 * 86400)) * 1000),
        opportunity_type: picklist(prng, meta, 'opportunity_type'),
        leadsource: prng.chance(0.5) ? picklist(prng, meta, 'leadsource') : undefined,
        sales_stage: picklist(prng, meta, 'sales_stage') ?? 'Prospecting',
        probability: str(prng.range(0, 10) * 10),
        nextstep: prng.chance(0.3) ? 'Call back / send quote' : undefined,
        ...common,
      };
      return { values, label: pools.label(potentialname) };
    }
    case 'HelpDesk': {
      const title = prng.pick(TICKET_SUBJECTS);
      const values: Record<string, string | undefined> = {
        ticket_title: title,
        ticketpriorities: picklist(prng, meta, 'ticketpriorities') ?? 'Normal',
        ticketstatus: picklist(prng, meta, 'ticketstatus') ?? 'Open',
        ticketseverities: picklist(prng, meta, 'ticketseverities'),
        ticketcategories: picklist(prng, meta, 'ticketcategories'),
        parent_id: ref(prng, created, 'Accounts', 0.6),
        contact_id: ref(prng, created, 'Contacts', 0.6),
        description: pools.label(`Reported via portal/e-mail from ${city}.`, false),
        hours: str(prng.range(0, 40)),
        ...common,
      };
      return { values, label: pools.label(title) };
    }
    default:
      return { values: { ...genericValues(meta, prng, created, createdSec), ...common } };
  }
}

/** Any other module: its mandatory and label fields, filled by type. */
function genericValues(
  meta: ModuleMeta,
  prng: Prng,
  created: Record<string, number[]>,
  createdSec: number,
): Record<string, string | undefined> {
  const v: Record<string, string | undefined> = {};
  const wanted = new Set([...meta.mandatory, ...meta.labelFields]);
  for (const field of meta.fields) {
    if (!wanted.has(field.name) || field.kind === 'owner' || field.kind === 'id') continue;
    setIf(v, field.name, genericValue(field, meta, prng, created, createdSec));
  }
  return v;
}

function genericValue(
  field: FieldMeta,
  meta: ModuleMeta,
  prng: Prng,
  created: Record<string, number[]>,
  createdSec: number,
): string | undefined {
  switch (field.type) {
    case 'picklist':
      return field.picklist.length > 0 ? prng.pick(field.picklist) : undefined;
    case 'reference':
      for (const target of field.refersTo) {
        const id = ref(prng, created, target, 1);
        if (id) return id;
      }
      return undefined;
    case 'date':
      return formatDate((createdSec + prng.int(90 * 86400)) * 1000);
    case 'time':
      return `${str(prng.range(8, 17)).padStart(2, '0')}:00:00`;
    case 'email':
      return `${asciiWord(meta.name)}${prng.int(10000)}@example.invalid`;
    case 'boolean':
    case 'integer':
    case 'double':
    case 'currency':
      return str(prng.range(1, 100));
    default:
      return `${meta.describe.label} ${prng.pick(FIRST_NAMES)} ${prng.int(100000)}`;
  }
}

/** Resolves the `records` option to a count per module (record modules only). */
export function recordCounts(records: number | Readonly<Record<string, number>> | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  if (records === undefined || typeof records === 'number') {
    const n = records ?? DEFAULT_RECORDS_PER_MODULE;
    for (const module of SEEDED_MODULES) counts.set(module, n);
    return counts;
  }
  for (const [module, n] of Object.entries(records)) {
    const meta = MODULES.get(module);
    if (!meta || !isRecordModule(meta)) {
      throw new Error(`options.records: "${module}" is not an entity module with records (e.g. Contacts, Accounts)`);
    }
    if (!isInteger(n) || n < 0) throw new Error(`options.records.${module} must be a non-negative integer`);
    counts.set(module, n);
  }
  // Keep creation order stable regardless of object key order: seeded modules first, then the rest by name.
  return new Map(
    [...counts].sort(([a], [b]) => {
      const ia = SEEDED_MODULES.indexOf(a);
      const ib = SEEDED_MODULES.indexOf(b);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
    }),
  );
}
