// A render error in one screen (docs/ARCHITECTURE.md §11.1) ends in a message and a way back, never a
// blank page: the error's message as text, "Try again" (mounts the screen afresh) and a link to the
// Datasets screen. The app keys one boundary per route, so navigating away resets it. Props only; no store.
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { textPrefix } from '../domain/textPrefix.ts';
import './ui.css';

export interface ErrorBoundaryProps {
  children: ReactNode;
  /** What failed, for the heading ("the Example screen"). */
  what?: string;
  /** When this changes while the error is shown (the route moved within the screen), the children are mounted afresh. */
  resetKey?: string;
  /** What to show instead of the screen's message (a smaller part's own fallback, e.g. Markdown as plain text). */
  fallback?: (error: unknown) => ReactNode;
}

interface ErrorBoundaryState {
  error: unknown;
  failed: boolean;
  /** Bumped by "Try again": a new key mounts the children afresh. */
  attempt: number;
}

/** A thrown value's message as plain text (anything may be thrown, not only an Error). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { error: null, failed: false, attempt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<ErrorBoundaryState> {
    return { error, failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // Kept for whoever reads the console; the page says what happened in words.
    console.error('Failed to render:', error, info.componentStack);
  }

  override componentDidUpdate(prev: ErrorBoundaryProps): void {
    if (this.state.failed && prev.resetKey !== this.props.resetKey) this.retry();
  }

  private readonly retry = (): void => {
    this.setState((s) => ({ error: null, failed: false, attempt: s.attempt + 1 }));
  };

  override render(): ReactNode {
    const { failed, error, attempt } = this.state;
    if (!failed) return <ErrorBoundaryAttempt key={attempt}>{this.props.children}</ErrorBoundaryAttempt>;
    if (this.props.fallback) return this.props.fallback(error);
    return (
      <div className="rir-screen rir-error-boundary" role="alert">
        <h1>Something went wrong {this.props.what ? `on ${this.props.what}` : 'on this screen'}</h1>
        <p>
          The screen could not be shown: <code className="rir-error-message">{textPrefix(errorMessage(error), 2000)}</code>
        </p>
        <p>
          <button type="button" onClick={this.retry}>
            Try again
          </button>{' '}
          <a href="#/">Go to datasets</a>
        </p>
      </div>
    );
  }
}

/** A keyed wrapper, so "Try again" re-mounts the children instead of re-rendering their broken state. */
function ErrorBoundaryAttempt({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
