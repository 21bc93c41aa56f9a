/**
 * An error that stays until dismissed. The whole message wraps (the clause that matters is often
 * the last one: "...: weight_map names shard X, which is not in the checkpoint"); never cut.
 */
export function ErrorBanner({ message, onDismiss, testId }: { message: string; onDismiss?(): void; testId?: string }) {
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      <span className="banner-text">{message}</span>
      {onDismiss && <button className="icon-button" aria-label="Dismiss" onClick={onDismiss}>×</button>}
    </div>
  );
}
