import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeVppToken } from '../src/apple/vpp-token.ts';
import { parseCliArguments } from '../src/cli-arguments.ts';
import { slugify } from '../src/generators/write-token-files.ts';

describe('command line', () => {
  it('defaults to the demo organisation on 127.0.0.1:8443', () => {
    expect(parseCliArguments([])).toMatchObject({
      port: 8443,
      host: '127.0.0.1',
      organisation: { kind: 'demo' },
      eventDelayMs: 1000,
      rateLimit: true,
      writeTokensTo: undefined,
    });
  });

  it('reads --scale, --event-delay-ms, --write-tokens and --no-rate-limit', () => {
    const parsed = parseCliArguments([
      '--port',
      '0',
      '--scale',
      'tokens=3000,assignments=1000000,seed=9',
      '--event-delay-ms',
      '50',
      '--write-tokens',
      './tokens',
      '--no-rate-limit',
    ]);
    expect(parsed).toMatchObject({
      port: 0,
      organisation: { kind: 'scale', scale: { tokens: 3000, apps: 25, assignments: 1_000_000, seed: 9 } },
      eventDelayMs: 50,
      writeTokensTo: './tokens',
      rateLimit: false,
    });
  });

  it('names every bad option', () => {
    expect(() => parseCliArguments(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseCliArguments(['--seed', 'big'])).toThrow(/--seed/);
    expect(() => parseCliArguments(['--scale', 'tokens=2,widgets=3'])).toThrow(/widgets/);
    expect(() => parseCliArguments(['--seed', 'demo', '--scale', 'tokens=2'])).toThrow(/not both/);
    expect(() => parseCliArguments(['--colour'])).toThrow();
  });

  it('slugs location names into file names', () => {
    expect(slugify('Lincoln Elementary School')).toBe('lincoln-elementary-school');
    expect(slugify('Northwind HQ (Seattle)')).toBe('northwind-hq-seattle');
    expect(slugify('Schule Müller-Straße')).toBe('schule-muller-stra-e');
    expect(slugify('!!!')).toBe('location');
  });

  it('serves the demo organisation standalone and writes its .vpptoken files', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'vpp-tokens-'));
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--write-tokens', directory],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let output = '';
      const baseUrl = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start-up line in: ${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /API base URL:\s+(\S+)/.exec(output);
          if (match?.[1] && output.includes('Token files')) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${output}`)));
      });
      const files = (await readdir(directory)).sort();
      expect(files).toEqual([
        'lincoln-elementary-school.vpptoken',
        'northwind-hq-seattle.vpptoken',
        'northwind-warehouse-berlin.vpptoken',
        'springfield-high-school.vpptoken',
      ]);
      const token = await readFile(join(directory, 'springfield-high-school.vpptoken'), 'utf8');
      expect(decodeVppToken(token)?.orgName).toBe('Springfield Unified School District');
      const response = await fetch(`${baseUrl}/client/config`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const config = (await response.json()) as { locationName: string };
      expect(config.locationName).toBe('Springfield High School');
    } finally {
      child.kill('SIGTERM');
      await rm(directory, { recursive: true, force: true });
    }
  }, 30_000);
});
