import { BootStatus } from './BootStatus';
import { Footer } from './Footer';
import { Header } from './Header';
import { ModelSummary } from './ModelSummary';
import { Notices } from './Notices';
import { TrainingCharts } from './TrainingCharts';
import { TrainingPanel } from './TrainingPanel';

export function App() {
  return (
    <div className="app">
      <Header />
      <Notices />
      <BootStatus />
      <main className="layout">
        <div className="column-left">
          <TrainingPanel />
        </div>
        <div className="column-main">
          <TrainingCharts />
        </div>
        <div className="column-right">
          <ModelSummary />
        </div>
      </main>
      <Footer />
    </div>
  );
}
