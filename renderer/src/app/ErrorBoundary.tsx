import { Component, type ReactNode } from 'react';

interface State {
  message: string | null;
}

/** The last line of defence: a render error shows one readable line and a way back, never a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { message: null };

  static getDerivedStateFromError(error: unknown): State {
    return { message: (error instanceof Error ? error.message : String(error)).split('\n')[0] || 'unexpected error' };
  }

  override render() {
    if (this.state.message === null) return this.props.children;
    return (
      <div className="empty-state" role="alert">
        <p>Something in the window failed: {this.state.message}</p>
        <button className="button primary" onClick={() => this.setState({ message: null })}>Try again</button>{' '}
        <button className="button" onClick={() => location.reload()}>Reload the window</button>
      </div>
    );
  }
}
