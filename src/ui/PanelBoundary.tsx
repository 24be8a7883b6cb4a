import { Component, type ReactNode } from 'react';

/** Keeps a failing panel from taking the whole page down; shows what went wrong instead. */
export class PanelBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error): void {
    console.warn(`${this.props.name} failed:`, error);
  }

  override render() {
    if (this.state.error) {
      return (
        <section className="panel panel-error" role="alert">
          <h2>{this.props.name}</h2>
          <p>This panel hit an error and stopped: {this.state.error.message}</p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>
        </section>
      );
    }
    return this.props.children;
  }
}
