// The words people read for the backend's codes (the same labels the PDFs print).

import type {
  CaseType,
  HearingKind,
  PartyKind,
  ReleaseOutcome,
  ReliefOutcome,
  Role,
  MatterStatus,
} from '../api';

export const CASE_TYPES: Record<CaseType, string> = {
  asylum: 'Asylum',
  withholding: 'Withholding of removal',
  cat: 'Convention Against Torture',
  bond: 'Bond',
  parole: 'Parole',
  cancellation: 'Cancellation of removal',
  sijs: 'Special Immigrant Juvenile Status',
  u_visa: 'U visa',
  t_visa: 'T visa',
  tps: 'Temporary Protected Status',
  adjustment: 'Adjustment of status',
  naturalization: 'Naturalization',
  other: 'Other',
};

export const ROLES: Record<Role, string> = {
  attorney: 'Attorney',
  law_student: 'Law student',
  interpreter: 'Interpreter',
  paralegal: 'Paralegal',
  community_volunteer: 'Community volunteer',
};

export const HEARING_KINDS: Record<HearingKind, string> = {
  master_calendar: 'Master calendar hearing',
  individual: 'Individual (merits) hearing',
  bond: 'Bond hearing',
  interview: 'Asylum interview',
  filing_deadline: 'Filing deadline',
  other_deadline: 'Other deadline',
  other: 'Other',
};

export const RELIEF_OUTCOMES: Record<ReliefOutcome, string> = {
  pending: 'Pending',
  granted: 'Granted',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
};

export const RELEASE_OUTCOMES: Record<ReleaseOutcome, string> = {
  pending: 'Pending',
  granted: 'Granted',
  denied: 'Denied',
};

export const PARTY_KINDS: Record<PartyKind, string> = {
  adverse: 'Adverse party',
  related: 'Related party',
};

export const STATUSES: Record<MatterStatus, string> = { open: 'Open', closed: 'Closed' };

/** USPS codes of the states and territories a client may live in. */
export const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia',
  HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas',
  KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts',
  MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico',
  NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
  OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington',
  WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', PR: 'Puerto Rico', GU: 'Guam',
  VI: 'U.S. Virgin Islands', AS: 'American Samoa', MP: 'Northern Mariana Islands',
};

export function label<K extends string>(labels: Record<K, string>, code: K | null | undefined): string {
  if (code === null || code === undefined) return '';
  return labels[code] ?? code;
}

let regionNames: Intl.DisplayNames | null | undefined;

/** An ISO 3166 code as a country name ("SV" -> "El Salvador"), or the code when unknown. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  if (regionNames === undefined) {
    try {
      regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
    } catch {
      regionNames = null;
    }
  }
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function stateName(code: string | null | undefined): string {
  if (!code) return '';
  return US_STATES[code.toUpperCase()] ?? code;
}

export function options<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}
