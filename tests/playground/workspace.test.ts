import { describe, expect, it } from 'vitest';
import { LocalWorkspace as Workspace } from '../../src/playground/workspace.js';

describe('the playground’s modal stack answers a view_submission as Slack does', () => {
  const form = { type: 'modal', title: { type: 'plain_text', text: 'Team settings' } };
  const confirm = { type: 'modal', title: { type: 'plain_text', text: 'Change currency?' } };
  const open = (workspace: Workspace) => workspace.modals.set('UMGR', [{ id: 'V1', view: form }]);
  const titles = (workspace: Workspace) =>
    (workspace.modals.get('UMGR') ?? []).map((v) => (v.view.title as { text: string }).text);

  it('pushes a view on top, keeping the submitted one beneath it', () => {
    const workspace = new Workspace();
    open(workspace);
    workspace.answerSubmission('UMGR', 'V1', { response_action: 'push', view: confirm });
    expect(titles(workspace)).toEqual(['Team settings', 'Change currency?']);
  });

  it('updates the submitted view in place, clears every view, and closes it on a plain answer', () => {
    const workspace = new Workspace();
    open(workspace);
    workspace.answerSubmission('UMGR', 'V1', { response_action: 'update', view: confirm });
    expect(titles(workspace)).toEqual(['Change currency?']);
    workspace.answerSubmission('UMGR', 'V1', { response_action: 'push', view: form });
    workspace.answerSubmission('UMGR', 'V1', { response_action: 'clear' });
    expect(titles(workspace)).toEqual([]);
    open(workspace);
    workspace.answerSubmission('UMGR', 'V1', {});
    expect(titles(workspace)).toEqual([]);
  });
});
