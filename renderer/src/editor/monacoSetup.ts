import * as monaco from 'monaco-editor/editor';
// The editor features the two port editors and the merge dialog use (the quick-fix lightbulb is
// codeAction), not register.all: each
// registered contribution is built for every editor, and the unused ones (inline completions,
// code lens, inlay hints, colour picker, sticky scroll, quick access, GPU rendering, ...) were
// most of the bundle and of the time to the first screen (issue 13).
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/caretOperations/register';
import 'monaco-editor/features/links/register';
import 'monaco-editor/features/unicodeHighlighter/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/markdown/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { registerJsonLanguage } from './jsonLanguage';

// Monaco is bundled with its workers: nothing is fetched from a CDN.
self.MonacoEnvironment = {
  getWorker() {
    return new EditorWorker();
  },
};
registerJsonLanguage(monaco);

export { monaco };
