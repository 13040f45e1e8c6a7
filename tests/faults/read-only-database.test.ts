/**
 * A database file the server may read but not write: SQLite opens it without a word and fails every
 * write later. The server refuses to start instead, naming the file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/db/connection.js';
import { type TempStorage, tempDatabaseFile } from '../support/db.js';
import { exited, freePort, killIfRunning, REPO_ROOT, serverEnv } from '../support/process.js';
import { SlackStub } from '../support/slack-stub.js';

/**
 * Root may write any file: as root, the server runs without the capability to override file permissions
 * (setpriv drops CAP_DAC_OVERRIDE), so a read-only file really is one, while the checkout stays readable
 * wherever it is (a clone in a 0700 temp folder is out of reach of another user such as `nobody`).
 */
const asRoot = process.getuid?.() === 0;
const SETPRIV = '/usr/bin/setpriv';
const DROP = '-dac_override,-dac_read_search';

function serverCommand(): { command: string; args: string[] } {
  const node = [process.execPath, '--import', 'tsx', 'src/index.ts'];
  if (!asRoot) return { command: node[0] as string, args: node.slice(1) };
  if (!existsSync(SETPRIV))
    throw new Error(`Running as root, this test needs ${SETPRIV} (util-linux) to drop CAP_DAC_OVERRIDE`);
  return { command: SETPRIV, args: [`--bounding-set=${DROP}`, `--inh-caps=${DROP}`, '--', ...node] };
}

describe('a database file that cannot be written', () => {
  let temp: TempStorage;
  let stub: SlackStub;
  let server: ChildProcess | undefined;

  beforeEach(async () => {
    stub = await new SlackStub().start();
    temp = tempDatabaseFile();
    // The folder stays writable (WAL keeps its files there): only the database file is read-only.
    chmodSync(temp.path, 0o444);
  });
  afterEach(async () => {
    killIfRunning(server);
    chmodSync(temp.path, 0o644);
    temp.remove();
    await stub.stop();
  });

  it('stops the server at start with a message naming the file', async () => {
    const env = serverEnv({ stub, databasePath: temp.path, port: await freePort() });
    const { command, args } = serverCommand();
    server = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    server.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    expect(await exited(server)).toBe(1);
    expect(output).toContain('Focus Coach failed to start');
    expect(output).toContain(`The database ${temp.path} cannot be written (SQLITE_READONLY`);
    expect(output).toContain('DATABASE_PATH');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it.skipIf(asRoot)('is refused by openStorage with the same message', () => {
    expect(() => openStorage(temp.path)).toThrow(`The database ${temp.path} cannot be written`);
  });
});
