// Records for tests: fictional people and numbers only.

import type {
  CaseType,
  Client,
  ConflictCheck,
  Dashboard,
  ImpactReport,
  Match,
  Matter,
  MatterDetail,
  Settings,
  VaultState,
  VolunteerSummary,
} from '../lib/api';

export function vaultState(overrides: Partial<VaultState> = {}): VaultState {
  return {
    status: 'locked',
    vault_dir: '/home/test/.local/share/pro-bono-desk/vault',
    default_dir: '/home/test/.local/share/pro-bono-desk/vault',
    demo_dir: '/home/test/.local/share/pro-bono-desk/demo-vault',
    is_demo: false,
    keyring: { available: true, reason: null, remembered: false },
    auto_lock_minutes: 10,
    demo_passphrase: 'explore the demo clinic',
    default_export_dir: '/home/test/Documents',
    notice: null,
    team: null,
    damaged: null,
    last_team_server: null,
    team_password_remembered: false,
    ...overrides,
  };
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    program_name: 'Riverside Immigrant Justice Project',
    paper: 'letter',
    national_relief_rate: { value: 0.4, year: 2023, source: 'EOIR Adjudication Statistics' },
    national_release_rate: { value: 0.32, year: 2023, source: 'TRAC' },
    auto_lock_minutes: 10,
    backup_reminder_days: 30,
    export_folder: null,
    closure_days: [],
    deadline_rules: null,
    time_zone: 'America/New_York',
    conflict_threshold: 0.8,
    state_goal: null,
    ...overrides,
  };
}

export function impactReport(overrides: Partial<ImpactReport> = {}): ImpactReport {
  return {
    program_name: 'Riverside Immigrant Justice Project',
    period: { from: '2026-01-01', to: '2026-12-31' },
    volunteers: 212,
    detained_cases: 221,
    detention_facilities: 14,
    non_detained_cases: 335,
    states_of_residence: 32,
    countries_of_origin: 30,
    languages: 19,
    clients: 540,
    active_matters: 556,
    relief_granted: 71,
    relief_denied: 29,
    relief_decided: 100,
    relief_pending: 400,
    relief_withdrawn: 56,
    relief_rate: 0.71,
    release_requested: 120,
    release_granted: 85,
    release_denied: 15,
    release_decided: 100,
    release_rate: 0.85,
    total_hours: 12345.6,
    national_relief_rate: { value: 0.4, year: 2023, source: 'EOIR Adjudication Statistics' },
    national_release_rate: { value: 0.32, year: 2023, source: 'TRAC' },
    headline: [
      '212 volunteers worked on 221 cases for detained individuals in 14 detention centers and 335 cases for non-detained individuals across 32 states of residence.',
      'Clients came from 30 countries and spoke 19 languages.',
    ],
    definitions: [{ term: 'Active matter', meaning: 'opened on or before the end of the period and not closed before it' }],
    ...overrides,
  };
}

export function dashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    impact: impactReport(),
    months: Array.from({ length: 12 }, (_, i) => ({ month: `2026-${String(i + 1).padStart(2, '0')}`, hours: i * 10 })),
    deadlines: [],
    cannot_compute: [],
    cannot_compute_total: 0,
    upcoming: [],
    recent_matters: [],
    ...overrides,
  };
}

const TYPES: CaseType[] = ['asylum', 'bond', 'withholding', 'cat', 'parole', 'sijs', 'tps', 'u_visa'];
const GIVEN = ['Ana', 'Bilal', 'Chidi', 'Dina', 'Elena', 'Farid', 'Gloria', 'Hugo', 'Iris', 'José'];
const FAMILY = ['Alvarez', 'Barros', 'Cruz', 'Diallo', 'Estrada', 'Fofana', 'García', 'Haddad', 'Ibáñez', 'Juárez'];

/** `count` matters with predictable fields: every 3rd detained, every 4th closed. */
export function generateMatters(count: number): Matter[] {
  const out: Matter[] = [];
  for (let i = 1; i <= count; i++) {
    const closed = i % 4 === 0;
    const detained = i % 3 === 0;
    const year = 2020 + (i % 7);
    out.push({
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      case_ref: `PB-${year}-${String(i).padStart(5, '0')}`,
      client_id: `10000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      client_name: `${GIVEN[i % GIVEN.length]} ${FAMILY[Math.floor(i / 10) % FAMILY.length]}`,
      case_type: TYPES[i % TYPES.length],
      detained,
      facility: detained ? 'Stewart Detention Center' : null,
      state_of_residence: detained ? null : 'TX',
      court: null,
      opened: `${year}-03-01`,
      closed: closed ? `${year}-09-30` : null,
      status: closed ? 'closed' : 'open',
      relief_outcome: 'pending',
      decided_on: null,
      release_requested: false,
      release_outcome: null,
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    });
  }
  return out;
}

export function client(overrides: Partial<Client> = {}): Client {
  return {
    id: '10000000-0000-7000-8000-000000000001',
    name: 'María José Hernández',
    other_names: [],
    a_number: '123456789',
    date_of_birth: '1990-05-04',
    country: 'SV',
    languages: ['Spanish'],
    interpreter_needed: true,
    contact: null,
    entry_date: '2024-02-01',
    notes: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

/** A volunteer as the volunteer list returns one, with no hours yet. */
export function volunteerSummary(id: string, name: string, email: string | null = null): VolunteerSummary {
  return {
    volunteer: {
      id,
      name,
      email,
      organization: null,
      role: 'attorney',
      languages: [],
      bar_number: null,
      law_school_start: null,
      bar_admissions: [],
      created_at: '',
      updated_at: '',
    },
    minutes: 0,
    minutes_this_year: 0,
    matters: 0,
  };
}

/** A matter's page as get_matter returns it: matter 1 of generateMatters, its client, nothing recorded yet. */
export function matterDetail(overrides: Partial<MatterDetail> = {}): MatterDetail {
  const matter = generateMatters(1)[0];
  const c = client({ id: matter.client_id, name: matter.client_name });
  return {
    matter,
    client: c,
    parties: [],
    volunteers: [],
    hearings: [],
    time_entries: [],
    notes: [],
    total_minutes: 0,
    deadlines: { suggested: [], cannot_compute: [] },
    conflict_checks: [],
    ...overrides,
  };
}

/** A likely match from conflict_check: an existing client with one matter. */
export function conflictMatch(overrides: Partial<Match> = {}): Match {
  return {
    kind: 'client',
    id: '10000000-0000-7000-8000-000000000042',
    name: 'Alexey Smirnoff',
    score: 0.93,
    reasons: ['name matches after transliteration from Cyrillic', 'a name is a known spelling variant (sounds the same)'],
    matters: ['PB-2025-00042'],
    role: null,
    ...overrides,
  };
}

/** A conflict check recorded on a matter. */
export function conflictCheck(overrides: Partial<ConflictCheck> = {}): ConflictCheck {
  return {
    id: '20000000-0000-7000-8000-000000000001',
    checked_at: '2026-03-02T15:04:00Z',
    checked_by: 'Dana Whitfield',
    searched: ['Bilal Alvarez'],
    matches: [],
    decision: 'no_conflict',
    note: null,
    ...overrides,
  };
}
