import { useProjectStore } from './projectStore';

/** What the last write (or resolution, or export) did, in one line, or why it could not: until dismissed. */
export function WriteFeedback() {
  const feedback = useProjectStore((s) => s.feedback);
  const error = useProjectStore((s) => s.error);
  const conflict = useProjectStore((s) => s.conflict);
  if (conflict || (!feedback && !error)) return null;
  return (
    <div className={`banner ${error ? 'banner-error' : 'banner-ok'}`} role={error ? 'alert' : 'status'} data-testid="write-feedback">
      <span className="banner-text">{error ?? feedback}</span>
      <button className="icon-button" aria-label="Dismiss" onClick={() => useProjectStore.getState().clearFeedback()}>×</button>
    </div>
  );
}
