import { useLayoutEffect } from 'react';
import { BootStatus } from './BootStatus';
import { CodesPanel } from './explorer/CodesPanel';
import { CompactionPanel } from './explorer/CompactionPanel';
import { DamagePanel } from './damage/DamagePanel';
import { DrawPanel } from './draw/DrawPanel';
import { NetworkPanel } from './explorer/NetworkPanel';
import { SimilarityPanel } from './explorer/SimilarityPanel';
import { StepperBar } from './explorer/StepperBar';
import { useKeyboard } from './explorer/useKeyboard';
import { Footer } from './Footer';
import { Header } from './Header';
import { NeuronInspector } from './inspector/NeuronInspector';
import { LinkQuestion } from './LinkQuestion';
import { ModelSummary } from './ModelSummary';
import { Notices } from './Notices';
import { PairList } from './pairs/PairList';
import { PanelBoundary } from './PanelBoundary';
import { SharePanel } from './SharePanel';
import { Tour } from './Tour';
import { useStore } from '../state/store';
import { TrainingCharts } from './TrainingCharts';
import { TrainingPanel } from './TrainingPanel';

export function App() {
  useKeyboard();
  const hidden = useStore((s) => s.hidden);
  const shownAnyway = useStore((s) => s.shownAnyway);
  const presenter = useStore((s) => s.presenter);
  // The root size (rem) grows in presenter mode: the whole page scales from it.
  useLayoutEffect(() => {
    document.documentElement.classList.toggle('presenter', presenter);
  }, [presenter]);
  return (
    <div className={presenter ? 'app presenter' : 'app'} data-hide={shownAnyway ? '' : hidden.join(' ')}>
      <Header />
      <Notices />
      <BootStatus />
      <main className="explorer">
        <PanelBoundary name="Merge stepper">
          <StepperBar />
        </PanelBoundary>
        {/*
          Stacks of panels placed by styles.css (grid areas named after the
          stacks): one column on phones, in this order; two on tablets; three
          on desktops. A new panel goes into the stack it belongs with.
        */}
        <div className="explorer-grid">
          <div className="col col-figures">
            <PanelBoundary name="Accuracy and size">
              <CompactionPanel />
            </PanelBoundary>
          </div>
          <div className="col col-network">
            <PanelBoundary name="The network">
              <NetworkPanel />
            </PanelBoundary>
            <PanelBoundary name="Draw a digit">
              <DrawPanel />
            </PanelBoundary>
            <PanelBoundary name="Neuron codes">
              <CodesPanel />
            </PanelBoundary>
          </div>
          <div className="col col-inspect">
            <PanelBoundary name="Neuron inspector">
              <NeuronInspector />
            </PanelBoundary>
          </div>
          <div className="col col-graph">
            <PanelBoundary name="Candidate merges">
              <PairList />
            </PanelBoundary>
            <PanelBoundary name="Similar neurons">
              <SimilarityPanel />
            </PanelBoundary>
          </div>
          <div className="col col-tools">
            <PanelBoundary name="Share and export">
              <SharePanel />
            </PanelBoundary>
          </div>
        </div>
        <PanelBoundary name="Which digits it hurts">
          <DamagePanel />
        </PanelBoundary>
      </main>
      <section className="training-section" aria-label="Training">
        <div className="layout">
          <div className="column-left">
            <PanelBoundary name="Train a network">
              <TrainingPanel />
            </PanelBoundary>
          </div>
          <div className="column-main">
            <PanelBoundary name="Learning curves">
              <TrainingCharts />
            </PanelBoundary>
          </div>
          <div className="column-right">
            <PanelBoundary name="Model">
              <ModelSummary />
            </PanelBoundary>
          </div>
        </div>
      </section>
      <Footer />
      <Tour />
      <LinkQuestion />
    </div>
  );
}
