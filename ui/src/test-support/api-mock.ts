// Stand-ins for every backend command, for component tests that mock $lib/api:
//   vi.mock('$lib/api', async (original) => ({ ...(await original()), ...(await import('…/api-mock')).commandMocks() }))
// Each is a vi.fn() with a harmless default; tests override what they exercise.

import { vi } from 'vitest';
import type * as Commands from '../lib/api/commands';
import { dashboard, vaultState } from './fixtures';

/** Every generated command wrapper: the mock below must have each (tsc says which is missing). */
type EveryCommand = { [K in keyof typeof Commands as (typeof Commands)[K] extends (...args: never[]) => unknown ? K : never]: unknown };

export function commandMocks() {
  const commands = {
    vaultState: vi.fn(async () => vaultState()),
    createVault: vi.fn(),
    saveRecoveryKit: vi.fn(),
    dismissRecoveryKey: vi.fn(async () => null),
    openVault: vi.fn(),
    unlock: vi.fn(),
    unlockRemembered: vi.fn(async () => false),
    lock: vi.fn(async () => null),
    touch: vi.fn(async () => null),
    openDemo: vi.fn(),
    changePassphrase: vi.fn(async () => null),
    rememberKey: vi.fn(),
    forgetKey: vi.fn(),
    newTask: vi.fn(async () => 1),
    cancelTask: vi.fn(async () => true),
    dashboard: vi.fn(async () => dashboard()),
    listClients: vi.fn(async () => []),
    getClient: vi.fn(),
    createClient: vi.fn(),
    updateClient: vi.fn(),
    checkClient: vi.fn(async () => []),
    listMatters: vi.fn(async () => []),
    getMatter: vi.fn(),
    createMatter: vi.fn(),
    updateMatter: vi.fn(),
    checkMatter: vi.fn(async () => []),
    closeMatter: vi.fn(),
    addNote: vi.fn(),
    addParty: vi.fn(),
    addHearing: vi.fn(),
    listHearings: vi.fn(async () => []),
    assignVolunteer: vi.fn(async () => null),
    listVolunteers: vi.fn(async () => []),
    getVolunteer: vi.fn(),
    createVolunteer: vi.fn(),
    checkVolunteer: vi.fn(async () => []),
    listOrganizations: vi.fn(async () => []),
    logTime: vi.fn(),
    checkTime: vi.fn(async () => []),
    listTime: vi.fn(async () => []),
    deleteTimeEntry: vi.fn(async () => null),
    impactReport: vi.fn(),
    hoursReport: vi.fn(),
    exportReport: vi.fn(),
    exportCaseSummary: vi.fn(),
    importFile: vi.fn(),
    getSettings: vi.fn(),
    saveSettings: vi.fn(),
    backupStatus: vi.fn(async () => ({ last_verified_backup: null, due: false, reminder_days: 30 })),
    backupNow: vi.fn(),
    checkVault: vi.fn(async () => ({ cipher_problems: [], integrity_problems: [], audit_problem: null })),
    restoreBackup: vi.fn(),
    exportRecords: vi.fn(),
    programKey: vi.fn(async () => 'age1testprogramkeyfictional0000000000000000000000000000000000'),
    importSubmission: vi.fn(),
    submitHours: vi.fn(),
    resetVolunteerKey: vi.fn(async () => true),
    deadlineRules: vi.fn(async () => []),
    computeDeadline: vi.fn(),
    suggestedDeadlines: vi.fn(async () => ({ suggested: [], cannot_compute: [] })),
    confirmDeadline: vi.fn(),
    dismissDeadline: vi.fn(async () => null),
    markDeadlineDone: vi.fn(),
    exportCalendar: vi.fn(),
  } satisfies EveryCommand;
  return {
    ...commands,
    onProgress: vi.fn(async () => () => {}),
    onVaultLocked: vi.fn(async () => () => {}),
    setLockedListener: vi.fn(),
    setDamagedListener: vi.fn(),
    chooseSavePath: vi.fn(async () => null),
    chooseOpenPath: vi.fn(async () => null),
    chooseFolder: vi.fn(async () => null),
  };
}
