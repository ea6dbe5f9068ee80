import { type Prng } from '../internal/prng';
import { USERS_PREFIX, GROUPS_PREFIX } from '../metadata/modules';

/** A user as the caller describes it in {@link VtigerSimOptions.users}. */
export interface SimUserInput {
  /** Login name (matched case-insensitively, like MySQL's collation). */
  readonly username: string;
  /** The 16-char key of "My Preferences"; generated from the seed when omitted. */
  readonly accessKey?: string;
  /** @default false */
  readonly isAdmin?: boolean;
  /** Inactive users get a challenge but their login fails with INVALID_USER_CREDENTIALS. @default true */
  readonly active?: boolean;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
}

/** A user the simulator serves (what `sim.users` lists). */
export interface SimUser {
  readonly username: string;
  readonly accessKey: string;
  /** Webservice id, `19x<n>`. */
  readonly userId: string;
  readonly isAdmin: boolean;
  readonly active: boolean;
}

/** Internal user row. */
export interface UserRow extends SimUser {
  readonly id: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
}

/** Default groups of an install (`vtiger_groups`); they share the id sequence with users, hence jdoe = 5. */
export const DEFAULT_GROUPS: ReadonlyArray<{ readonly id: number; readonly name: string }> = [
  { id: 2, name: 'Team Selling' },
  { id: 3, name: 'Marketing Group' },
  { id: 4, name: 'Support Group' },
];

const DEFAULT_USERS: readonly SimUserInput[] = [
  { username: 'admin', isAdmin: true, firstName: 'Ref', lastName: 'Administrator', email: 'admin@example.invalid' },
  { username: 'jdoe', firstName: 'John', lastName: 'Doe', email: 'jdoe@example.invalid' },
  { username: 'inactive', active: false, firstName: 'Ina', lastName: 'Ctive', email: 'inactive@example.invalid' },
];

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Users and groups of one simulator. */
export class UserDirectory {
  readonly rows: readonly UserRow[];
  private readonly byId: ReadonlyMap<number, UserRow>;
  private readonly byName: ReadonlyMap<string, UserRow>;

  constructor(inputs: readonly SimUserInput[] | undefined, prng: Prng) {
    const list = inputs && inputs.length > 0 ? inputs : DEFAULT_USERS;
    if (!list.some((u) => u.isAdmin && u.active !== false)) {
      throw new Error('options.users must contain at least one active admin user');
    }
    let nextId = 1;
    const rows: UserRow[] = [];
    for (const input of list) {
      const id = nextId;
      // Ids 2–4 belong to the default groups, so the second user is 19x5 as on a fresh install.
      nextId = id === 1 ? 5 : id + 1;
      let accessKey = input.accessKey;
      if (accessKey === undefined) {
        accessKey = '';
        for (let i = 0; i < 16; i++) accessKey += prng.pick([...KEY_ALPHABET]);
      }
      rows.push({
        id,
        username: input.username,
        accessKey,
        userId: `${USERS_PREFIX}x${id}`,
        isAdmin: input.isAdmin ?? false,
        active: input.active ?? true,
        firstName: input.firstName ?? input.username,
        lastName: input.lastName ?? 'User',
        email: input.email ?? `${input.username}@example.invalid`,
      });
    }
    const names = new Set<string>();
    for (const row of rows) {
      const key = row.username.toLowerCase();
      if (names.has(key)) throw new Error(`options.users: duplicate username "${row.username}"`);
      names.add(key);
    }
    this.rows = rows;
    this.byId = new Map(rows.map((r) => [r.id, r]));
    this.byName = new Map(rows.map((r) => [r.username.toLowerCase(), r]));
  }

  /** The first active admin (what `sim.admin` describes). */
  get admin(): UserRow {
    const admin = this.rows.find((r) => r.isAdmin && r.active);
    if (!admin) throw new Error('no active admin');
    return admin;
  }

  /** Case-insensitive lookup, like `retrieve_user_id()` against MySQL. */
  byUsername(username: string | null): UserRow | undefined {
    return username === null ? undefined : this.byName.get(username.toLowerCase());
  }

  byNumericId(id: number): UserRow | undefined {
    return this.byId.get(id);
  }

  /** Resolves `admin`, `19x5` or `5` to a user. */
  resolve(ref: string | number): UserRow | undefined {
    if (typeof ref === 'number') return this.byId.get(ref);
    const ws = /^19x(\d+)$/.exec(ref);
    if (ws) return this.byId.get(Number(ws[1]));
    if (/^\d+$/.test(ref)) return this.byId.get(Number(ref));
    return this.byUsername(ref);
  }

  /**
   * `hasAssignPrivilege()`: the owner must be an existing active user (`19x..`) or a group (`20x..`).
   */
  canAssignTo(wsId: string): boolean {
    const [prefix, id] = wsId.split('x');
    if (Number(prefix) === USERS_PREFIX) {
      const user = this.byId.get(Number(id));
      return user !== undefined && user.active;
    }
    if (Number(prefix) === GROUPS_PREFIX) return DEFAULT_GROUPS.some((g) => g.id === Number(id));
    return false;
  }
}
