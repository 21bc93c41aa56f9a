/**
 * Quick fixes for config.json: a finding's `fix` (set a field to what the weights say) applied to the
 * editor's text with the user's formatting kept, from the Problems list or from the lightbulb on the
 * field's marker (a Monaco code action). Monaco's half; the fix itself is in quickFix.ts (no Monaco,
 * so the Problems list does not pull the editor into the first screen).
 */
import { setConfigValue } from '@shared/project/configEdits';
import { monaco } from '../../editor/monacoSetup';
import type { QuickFix } from './quickFix';

/** The fixes on offer per config model, by the marker range they belong to. */
const offered = new Map<string, Array<{ range: monaco.IRange; fix: QuickFix }>>();
let registered = false;

/** The markers' fixes for this model (set with the markers), served as code actions. */
export function offerQuickFixes(model: monaco.editor.ITextModel, fixes: Array<{ range: monaco.IRange; fix: QuickFix }>): void {
  offered.set(model.uri.toString(), fixes);
  if (registered) return;
  registered = true;
  monaco.languages.registerCodeActionProvider('json', {
    provideCodeActions(target, range) {
      const actions = (offered.get(target.uri.toString()) ?? [])
        .filter((o) => monaco.Range.areIntersectingOrTouching(o.range, range))
        .map(({ fix }): monaco.languages.CodeAction => ({
          title: fix.label,
          kind: 'quickfix',
          isPreferred: true,
          edit: { edits: [{ resource: target.uri, versionId: target.getVersionId(), textEdit: { range: target.getFullModelRange(), text: setConfigValue(target.getValue(), fix.path, fix.value) } }] },
        }));
      return { actions, dispose: () => undefined };
    },
  });
}
