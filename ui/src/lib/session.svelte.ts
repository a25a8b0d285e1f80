// What the UI holds while the app runs: the vault's state, the current screen, the record
// lists loaded once and filtered in memory, and the status message. `reset()` drops all of it
// (lock, auto-lock), so nothing of a locked vault stays in the window.

import * as api from './api';
import type { Client, Matter, Organization, Settings, VaultState, VolunteerSummary } from './api';
import type { MatterCriteria } from './matters/filter';
import { NO_CRITERIA } from './matters/filter';

export type Route =
  | { name: 'dashboard' }
  | { name: 'matters' }
  | { name: 'matter'; id: string }
  | { name: 'matter-new'; client?: string }
  | { name: 'matter-edit'; id: string }
  | { name: 'clients' }
  | { name: 'client'; id: string }
  | { name: 'client-new' }
  | { name: 'client-edit'; id: string }
  | { name: 'client-duplicates' }
  | { name: 'volunteers' }
  | { name: 'volunteer'; id: string }
  | { name: 'volunteer-new' }
  | { name: 'organizations' }
  | { name: 'time' }
  | { name: 'reports' }
  | { name: 'import' }
  | { name: 'backups'; focus?: BackupsPart }
  | { name: 'restore' }
  | { name: 'hours-exchange'; focus?: HoursExchangePart }
  | { name: 'settings' };

/** The parts of "Backups and data" that the File menu and the dashboard go straight to. */
export type BackupsPart = 'backup' | 'check' | 'export';
/** The parts of "Hours from other computers": the coordinator's import, the volunteer's submission. */
export type HoursExchangePart = 'import' | 'submit';

export type Section =
  | 'dashboard'
  | 'matters'
  | 'clients'
  | 'volunteers'
  | 'time'
  | 'reports'
  | 'import'
  | 'backups'
  | 'settings';

/** The navigation entry a screen belongs to. */
export function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'matter':
    case 'matter-new':
    case 'matter-edit':
      return 'matters';
    case 'client':
    case 'client-new':
    case 'client-edit':
    case 'client-duplicates':
      return 'clients';
    case 'volunteer':
    case 'volunteer-new':
    case 'organizations':
      return 'volunteers';
    case 'restore':
      return 'backups';
    case 'hours-exchange':
      return 'time';
    default:
      return route.name;
  }
}

export type TeamRole = 'director' | 'attorney' | 'student' | 'volunteer';

/**
 * What a role may do on a team server (docs/team-mode.md, "Roles"), for hiding what it
 * forbids, and the screens that need a vault of their own (not on a server yet).
 */
export type TeamAction =
  | 'add-client'
  | 'edit-client'
  | 'open-matter'
  | 'edit-matter'
  | 'add-volunteer'
  | 'assign'
  | 'add-note'
  | 'add-hearing'
  | 'log-time'
  | 'see-clients'
  | 'see-matters'
  | 'see-volunteers'
  | 'import'
  | 'settings'
  | 'statements'
  | 'vault-only';

const STAFF: TeamRole[] = ['director', 'attorney'];
const MEMBERS_ON_MATTERS: TeamRole[] = ['director', 'attorney', 'student'];
const TEAM_ALLOWS: Record<TeamAction, TeamRole[]> = {
  'add-client': STAFF,
  'edit-client': STAFF,
  'open-matter': STAFF,
  'edit-matter': STAFF,
  'add-volunteer': STAFF,
  assign: STAFF,
  'add-note': MEMBERS_ON_MATTERS,
  'add-hearing': MEMBERS_ON_MATTERS,
  'log-time': ['director', 'attorney', 'student', 'volunteer'],
  'see-clients': MEMBERS_ON_MATTERS,
  'see-matters': MEMBERS_ON_MATTERS,
  'see-volunteers': MEMBERS_ON_MATTERS,
  import: STAFF,
  settings: ['director'],
  statements: STAFF,
  'vault-only': [],
};

export type MatterFilterState = Omit<MatterCriteria, 'volunteerMatterIds'> & { volunteer: string };

const EMPTY_FILTERS: MatterFilterState = {
  search: NO_CRITERIA.search,
  status: NO_CRITERIA.status,
  caseType: NO_CRITERIA.caseType,
  detained: NO_CRITERIA.detained,
  volunteer: '',
};

export type Notice = { id: number; text: string; tone: 'success' | 'info' };

type ListName = 'matters' | 'clients' | 'volunteers' | 'organizations' | 'settings';

class Session {
  /** Null until the backend has answered vault_state. */
  vault = $state<VaultState | null>(null);
  /** The user asked to choose another vault from the unlock screen. */
  choosingVault = $state(false);
  /** …and asked for the team server's form in particular. */
  choosingTeam = $state(false);
  route = $state<Route>({ name: 'dashboard' });
  notice = $state<Notice | null>(null);

  // Record lists: loaded on first use, dropped on change and on lock. Raw (not deeply
  // reactive): 10,000 matters should not become 10,000 proxies.
  matters = $state.raw<Matter[] | null>(null);
  clients = $state.raw<Client[] | null>(null);
  volunteers = $state.raw<VolunteerSummary[] | null>(null);
  organizations = $state.raw<Organization[] | null>(null);
  settings = $state.raw<Settings | null>(null);
  /** The matter list's filters survive visits to a matter page, not a lock. */
  matterFilters = $state<MatterFilterState>({ ...EMPTY_FILTERS });
  clientSearch = $state('');
  volunteerSearch = $state('');

  /**
   * The remembered key is tried by itself once, when the app starts; after a lock the user
   * asks for it (a Lock that unlocked itself again would not be a lock).
   */
  rememberedTried = false;

  /** Bumped by reset(): a load that started before a lock must not fill the lists after it. */
  #epoch = 0;
  /** Refreshes started by invalidate(): a load meanwhile waits for the fresh list. */
  #refreshing: Partial<Record<ListName, Promise<unknown>>> = {};
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #noticeSeq = 0;

  get unlocked(): boolean {
    return this.vault?.status === 'unlocked';
  }

  /** The member's role when connected to a team server; null with a vault. */
  get teamRole(): TeamRole | null {
    return (this.vault?.team?.role as TeamRole | undefined) ?? null;
  }

  /** Whether the screens may offer `action` (the server's policies decide; this spares a refusal). */
  can(action: TeamAction): boolean {
    const role = this.teamRole;
    return role === null || TEAM_ALLOWS[action].includes(role);
  }

  go(route: Route): void {
    this.route = route;
  }

  notify(text: string, tone: Notice['tone'] = 'success'): void {
    this.notice = { id: ++this.#noticeSeq, text, tone };
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (this.notice = null), 8000);
  }

  async refreshVault(): Promise<VaultState> {
    const state = await api.vaultState();
    this.vault = state;
    // Said once by the backend: the vault was found where an earlier version kept it.
    if (state.notice) this.notify(state.notice, 'info');
    return state;
  }

  /** Forgets every record, filter, screen and message of the vault. */
  reset(): void {
    this.#epoch++;
    this.#refreshing = {};
    this.choosingVault = false;
    this.choosingTeam = false;
    this.route = { name: 'dashboard' };
    this.matters = null;
    this.clients = null;
    this.volunteers = null;
    this.organizations = null;
    this.settings = null;
    this.matterFilters = { ...EMPTY_FILTERS };
    this.clientSearch = '';
    this.volunteerSearch = '';
    clearTimeout(this.#noticeTimer);
    this.notice = null;
  }

  /**
   * The vault was locked (Lock button, idle auto-lock, or a command answering "locked"):
   * clear everything, then show the unlock screen.
   */
  async lockedOut(): Promise<void> {
    this.reset();
    if (this.vault) this.vault = { ...this.vault, status: 'locked' };
    try {
      await this.refreshVault();
    } catch {
      // The unlock screen still works with the state we have.
    }
  }

  async lock(): Promise<void> {
    try {
      await api.lock();
    } catch {
      // Clear the window regardless; the state refresh below shows what the backend holds.
    }
    await this.lockedOut();
  }

  async #load<T>(name: ListName, force: boolean, fetch: () => Promise<T>, store: (v: T) => void): Promise<T> {
    const refreshing = this.#refreshing[name];
    if (refreshing && !force) return refreshing as Promise<T>;
    const current = this[name] as unknown as T | null;
    if (current !== null && !force) return current;
    const epoch = this.#epoch;
    const value = await fetch();
    if (epoch === this.#epoch) store(value);
    return value;
  }

  loadMatters(force = false): Promise<Matter[]> {
    return this.#load('matters', force, () => api.listMatters({}), (v) => (this.matters = v));
  }

  loadClients(force = false): Promise<Client[]> {
    return this.#load('clients', force, () => api.listClients(null), (v) => (this.clients = v));
  }

  loadVolunteers(force = false): Promise<VolunteerSummary[]> {
    return this.#load('volunteers', force, () => api.listVolunteers(null), (v) => (this.volunteers = v));
  }

  loadOrganizations(force = false): Promise<Organization[]> {
    return this.#load('organizations', force, () => api.listOrganizations(), (v) => (this.organizations = v));
  }

  loadSettings(force = false): Promise<Settings> {
    return this.#load('settings', force, () => api.getSettings(), (v) => (this.settings = v));
  }

  /**
   * After a write: the lists that may show it are fetched again. A list already loaded is
   * refreshed in the background and keeps its old value until the new one arrives, so what is
   * on screen (a datalist, a choice of volunteer) never blanks out; a list not loaded yet is
   * fetched on first use. A load while a refresh is under way waits for it, so a screen that
   * looks a record up in a list gets the written version. A refresh that fails leaves the list
   * unloaded.
   */
  invalidate(...what: ListName[]): void {
    const reload = {
      matters: () => this.loadMatters(true),
      clients: () => this.loadClients(true),
      volunteers: () => this.loadVolunteers(true),
      organizations: () => this.loadOrganizations(true),
      settings: () => this.loadSettings(true),
    };
    for (const w of what) {
      if (this[w] === null) continue;
      const epoch = this.#epoch;
      const refresh: Promise<unknown> = reload[w]().finally(() => {
        if (this.#refreshing[w] === refresh) delete this.#refreshing[w];
      });
      this.#refreshing[w] = refresh;
      refresh.catch(() => {
        if (epoch === this.#epoch) this[w] = null;
      });
    }
  }

  /** Where export fields start: the vault's export folder, else Documents (or home). */
  get exportFolder(): string {
    return this.settings?.export_folder?.trim() || this.vault?.default_export_dir || '';
  }
}

export const session = new Session();
