import { describe, expect, it } from 'vitest';
import en from '../src/locales/en.json' with { type: 'json' };
import nlNL from '../src/locales/nl-NL.json' with { type: 'json' };

type Messages = { [key: string]: string | Messages };

/** Every leaf of a resource file as `a.b.c` → text. */
function flatten(messages: Messages, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') leaves.set(path, value);
    else for (const [leaf, text] of flatten(value, path)) leaves.set(leaf, text);
  }
  return leaves;
}

/** The names interpolated into a text: `{{count, number}}` → `count`. */
function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((match) => match[1] ?? '').sort();
}

const english = flatten(en);
const dutch = flatten(nlNL);

describe('locale files', () => {
  it('have exactly the same keys in English and Dutch', () => {
    const onlyEnglish = [...english.keys()].filter((key) => !dutch.has(key));
    const onlyDutch = [...dutch.keys()].filter((key) => !english.has(key));
    expect(onlyEnglish).toEqual([]);
    expect(onlyDutch).toEqual([]);
    expect(english.size).toBeGreaterThan(100);
  });

  it('leave no text empty', () => {
    for (const [name, messages] of [
      ['en', english],
      ['nl-NL', dutch],
    ] as const) {
      const empty = [...messages].filter(([, text]) => text.trim() === '').map(([key]) => `${name}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('interpolate the same variables in both languages', () => {
    const mismatched = [...english]
      .filter(([key, text]) => variables(text).join() !== variables(dutch.get(key) ?? '').join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('are really translated: most Dutch texts differ from the English ones', () => {
    const same = [...english].filter(([key, text]) => dutch.get(key) === text).map(([key]) => key);
    expect(same.length / english.size).toBeLessThan(0.1);
  });
});
