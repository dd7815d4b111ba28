/* Clock times as people type and read them ("8:30", "8pm"), in minutes after local midnight. */

/** Minutes after local midnight, e.g. 08:30 → 510. */
export type LocalMinutes = number;

/** "8:30", "08:30", "8am", "8:30pm" → minutes after midnight; null when unreadable. */
export function parseClock(text: string): LocalMinutes | null {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.toLowerCase();
  if (minute > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return hour * 60 + minute;
}

export function formatClock(minutes: LocalMinutes): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An IANA zone name this runtime knows ("Asia/Seoul"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
