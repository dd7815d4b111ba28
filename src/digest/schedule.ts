/*
 * When a channel's daily digest is due, in the channel's own time zone. Pure: the clock comes in
 * as an argument, so tests can walk across a daylight-saving change minute by minute.
 */
import type { LocalMinutes } from '../text/clock.ts';

/** Past this, a digest that fires late (the app was down) says so. */
export const DELAYED_AFTER_MS = 15 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  minutes: LocalMinutes;
}

/** The wall-clock date and time at `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The zone's offset from UTC at `instant`, in minutes (Seoul +540, New York −300 or −240). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The first instant at which the zone's clock reads `minutes` on `date` or later: a time that a
 * spring-forward skips (02:30 on the change day) is the moment the clock jumps past it (03:00); a
 * time that a fall-back repeats is its first occurrence.
 */
export function scheduledInstant(date: string, minutes: LocalMinutes, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  // Try the offsets in force a day either side; keep the earliest that really shows this wall time.
  const candidates = [wall - 36 * 3_600_000, wall, wall + 36 * 3_600_000]
    .map((probe) => wall - offsetMinutes(new Date(probe), timeZone) * 60_000)
    .sort((a, b) => a - b);
  for (const c of candidates) {
    const t = localTime(new Date(c), timeZone);
    if (t.date === date && t.minutes === minutes) return new Date(c);
  }
  // In a gap: the clock never reads this time; the digest goes when the clock passes it.
  const before = Math.min(...candidates);
  for (let t = before; t < before + 6 * 3_600_000; t += 60_000) {
    const lt = localTime(new Date(t), timeZone);
    if (lt.date > date || (lt.date === date && lt.minutes >= minutes)) return new Date(t);
  }
  return new Date(wall);
}

export interface DueDigest {
  /** The channel's local date the digest is for: one digest per (channel, date). */
  date: string;
  scheduledAt: Date;
  /** It fires well after its time (the app was down): the post says so. */
  delayed: boolean;
}

/**
 * Today's digest when its time has come in the channel's zone, else null. Only today's: a digest
 * missed on an earlier day is not sent on top of today's, so downtime yields one post, not one per
 * missed tick. `done` tells whether the channel already has a digest (claimed or posted) for a date.
 */
export function dueDigest(
  now: Date,
  schedule: { minutes: LocalMinutes; timeZone: string },
  done: (date: string) => boolean,
): DueDigest | null {
  const today = localTime(now, schedule.timeZone).date;
  if (done(today)) return null;
  const scheduledAt = scheduledInstant(today, schedule.minutes, schedule.timeZone);
  if (now < scheduledAt) return null;
  return { date: today, scheduledAt, delayed: now.getTime() - scheduledAt.getTime() > DELAYED_AFTER_MS };
}

/** The next time the digest will fire after `now` (for the App Home and confirmations). */
export function nextDigestAt(
  now: Date,
  schedule: { minutes: LocalMinutes; timeZone: string },
  postedToday: boolean,
): Date {
  const today = localTime(now, schedule.timeZone).date;
  const todayAt = scheduledInstant(today, schedule.minutes, schedule.timeZone);
  if (!postedToday && now < todayAt) return todayAt;
  const tomorrow = localTime(new Date(todayAt.getTime() + 26 * 3_600_000), schedule.timeZone).date;
  return scheduledInstant(tomorrow, schedule.minutes, schedule.timeZone);
}
