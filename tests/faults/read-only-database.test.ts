/**
 * A database file the server may read but not write: SQLite opens it without a word and fails every
 * write later. The server refuses to start instead, naming the file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../src/db/connection.js';
import { type TempStorage, tempDatabaseFile } from '../support/db.js';
import { exited, freePort, killIfRunning, REPO_ROOT, serverEnv } from '../support/process.js';
import { SlackStub } from '../support/slack-stub.js';

/** Root may write any file: as root, the server runs as `nobody` so a read-only file really is one. */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

describe('a database file that cannot be written', () => {
  let temp: TempStorage;
  let stub: SlackStub;
  let server: ChildProcess | undefined;

  beforeEach(async () => {
    stub = await new SlackStub().start();
    temp = tempDatabaseFile();
    // The folder stays writable (WAL keeps its files there): only the database file is read-only.
    chmodSync(temp.dir, 0o777);
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
    server = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
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
