import { describe, expect, it } from 'vitest';
import { fillDates, loadSamples } from '../../src/ingest/samples.ts';

describe('sample articles', () => {
  it('fills dates relative to the publication date, as a reporter writes them', () => {
    const published = new Date('2026-08-23T09:00:00Z');
    expect(fillDates('met on {{day:-1}}; Trump on {{day:+2}}', published)).toBe(
      'met on the 22nd; Trump on the 25th',
    );
    expect(fillDates('on {{day:+9}}, signed {{date:-1}}, in {{month:+5}}', published)).toBe(
      'on September 1, signed August 22, in January',
    );
    expect(fillDates('{{day:-22}} {{day:-12}} {{day:-20}}', published)).toBe('the 1st the 11th the 3rd');
  });

  it('are titled, with outlets, published within the default window, and never a test fixture', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const samples = await loadSamples(now);
    expect(samples.length).toBeGreaterThanOrEqual(6);
    for (const s of samples) {
      expect(s.title).toBeTruthy();
      expect(s.siteName).toBeTruthy();
      const age = now.getTime() - Date.parse(s.publishedAt ?? '');
      expect(age).toBeGreaterThan(0);
      expect(age).toBeLessThan(7 * 86_400_000);
      expect(s.text).not.toMatch(/\{\{|IGNORE PREVIOUS|<!channel>/);
    }
    const summit = samples.find((s) => s.title?.includes('Tokyo summit'));
    // Published 2026-02-28: the summit on the 27th, Trump on March 2 (another month: named).
    expect(summit?.text).toContain('met in Tokyo on the 27th');
    expect(summit?.text).toContain('at the White House on March 2');
  });
});
