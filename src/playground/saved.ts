/**
 * The playground's conversation (DMs, channel posts, Home tabs, shared files) kept in a JSON file
 * next to its database, so a restart shows what was there. Not the app's data: the app's own
 * schema never sees it. Open modals are not kept: a restart closes them, as a reload does in Slack.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { FileStore } from './files.js';
import type { LocalWorkspace, PostedMessage } from './workspace.js';

interface Saved {
  version: 1;
  conversations: [string, PostedMessage[]][];
  homes: [string, Record<string, unknown>][];
  files: ReturnType<FileStore['save']>;
}

export function conversationPath(databasePath: string): string {
  return `${databasePath}.conversation.json`;
}

/** Loads what was saved (a missing or unreadable file is an empty conversation), then saves on every change. */
export function keepConversation(workspace: LocalWorkspace, path: string): { flush(): void } {
  load(workspace, path);
  let pending = false;
  const flush = () => {
    pending = false;
    save(workspace, path);
  };
  workspace.onChange = () => {
    // One write per turn of the event loop, however many messages a pass posted.
    if (pending) return;
    pending = true;
    setImmediate(() => {
      if (pending) flush();
    });
  };
  return { flush };
}

function load(workspace: LocalWorkspace, path: string): void {
  if (!existsSync(path)) return;
  try {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
    if (saved.version !== 1) return;
    for (const [id, messages] of saved.conversations) workspace.conversations.set(id, messages);
    for (const [user, view] of saved.homes) workspace.homes.set(user, view);
    workspace.files.load(saved.files ?? []);
  } catch {
    // A torn or hand-edited file: start with an empty conversation rather than not at all.
  }
}

function save(workspace: LocalWorkspace, path: string): void {
  if (workspace.conversations.size === 0 && workspace.homes.size === 0) {
    rmSync(path, { force: true });
    return;
  }
  const saved: Saved = {
    version: 1,
    conversations: [...workspace.conversations],
    homes: [...workspace.homes],
    files: workspace.files.save(),
  };
  // Written aside and renamed, so a crash mid-write leaves the previous conversation whole.
  writeFileSync(`${path}.tmp`, JSON.stringify(saved));
  renameSync(`${path}.tmp`, path);
}
