// What to type in a "volunteer" field so the backend finds one person: the e-mail when there is
// one (unique), else the name. The label is what the type-ahead shows beside it.

import type { Volunteer } from '../api';

export function volunteerReference(v: Volunteer): { value: string; label: string } {
  const value = v.email ?? v.name;
  const label = v.email ? `${v.name}${v.organization ? ` — ${v.organization}` : ''}` : (v.organization ?? '');
  return { value, label };
}
