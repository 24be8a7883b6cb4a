import { useMemo } from 'react';
import { useStore } from '../state/store';
import { OKABE_ITO } from '../viz/palette';
import type { LineChartSpec } from '../viz/line-chart';
import { useVizScale, useWidth } from './hooks';
import { learningChartWidth } from './panel-sizes';
import { LineChartView } from './LineChartView';
import { ShowData } from './ShowData';
import { formatPercent } from './format';

/**
 * Live loss (per batch) and accuracy (per epoch) curves: of the training run,
 * or of the last fine-tune of the current session (labelled as such) while no
 * network is training.
 */
export function TrainingCharts() {
  const training = useStore((s) => s.training);
  const finetune = useStore((s) => s.finetune);
  const originalIds = useStore((s) => s.compaction.originalIds);
  const tuning = training.status !== 'running' && training.status !== 'paused' && finetune.settings !== null && finetune.curvesOf === originalIds;
  const losses = tuning ? finetune.losses : training.losses;
  const epochs = tuning ? finetune.epochs : training.epochs;
  const batchesPerEpoch = tuning ? finetune.batchesPerEpoch : training.batchesPerEpoch;
  const totalEpochs = tuning ? finetune.settings!.epochs : training.settings.epochs;
  const [ref, width] = useWidth<HTMLDivElement>();
  const scale = useVizScale();
  // The gap between the two charts (1rem in styles.css: .chart-row).
  const chartWidth = learningChartWidth(width, 16 * scale, scale);
  const height = Math.round(240 + (scale - 1) * 66);

  const lossSpec = useMemo<LineChartSpec>(() => {
    const per = batchesPerEpoch || 1;
    return {
      width: chartWidth,
      height,
      scale,
      xLabel: 'epoch',
      yLabel: 'training loss',
      xDomain: [0, totalEpochs],
      xIntegers: true,
      series: [{ name: 'loss per batch', color: OKABE_ITO.blue, points: losses.map((p) => [p.step / per, p.loss]) }],
      emptyText: 'Press Train to see the loss fall',
    };
  }, [losses, batchesPerEpoch, totalEpochs, chartWidth, height, scale]);

  const accSpec = useMemo<LineChartSpec>(
    () => ({
      width: chartWidth,
      height,
      scale,
      xLabel: 'epoch',
      yLabel: 'accuracy',
      xDomain: [0, totalEpochs],
      yFormat: (v) => `${Math.round(v * 100)}%`,
      xIntegers: true,
      series: [
        { name: 'train (mean over the epoch)', color: OKABE_ITO.orange, markers: true, points: epochs.map((e) => [e.epoch, e.trainAccuracy]) },
        { name: 'test', color: OKABE_ITO.green, markers: true, dashed: true, points: epochs.flatMap((e) => (e.testAccuracy === null ? [] : [[e.epoch, e.testAccuracy]])) as [number, number][] },
      ],
      emptyText: 'Accuracy appears after each epoch',
    }),
    [epochs, totalEpochs, chartWidth, height, scale],
  );

  return (
    <section className="panel charts-panel" aria-labelledby="curves-title">
      <h2 id="curves-title">Learning curves{tuning ? ' · fine-tune' : ''}</h2>
      {tuning ? (
        <p className="explain" data-testid="curves-finetune">
          {finetune.label}: the compacted network trained again (learning rate {finetune.settings!.learningRate}, batch {finetune.settings!.batchSize}, seed {finetune.settings!.seed}). Loss
          after every batch. Accuracy per epoch: on the held-out test digits at the end of the epoch, and on the training digits as the mean over the epoch&rsquo;s
          batches.
        </p>
      ) : (
        <p className="explain">
          Loss after every batch of training. Accuracy per epoch: on the held-out test digits at the end of the epoch, and on the training digits as the
          mean over the epoch&rsquo;s batches, each counted as the network stood when it saw that batch (so it trails the network at the end of the epoch).
        </p>
      )}
      <div className="chart-row" ref={ref}>
        <LineChartView spec={lossSpec} testId="loss-chart" label="Training loss per batch" />
        <LineChartView spec={accSpec} testId="accuracy-chart" label="Accuracy per epoch: training digits as the mean over the epoch's batches, test digits at the end of the epoch" />
      </div>
      <ShowData what="the learning curves">
        {() => (
          <>
            <table className="data-table">
              <caption>Per epoch</caption>
              <thead>
                <tr>
                  <th scope="col">epoch</th>
                  <th scope="col">loss</th>
                  <th scope="col">train accuracy</th>
                  <th scope="col">test accuracy</th>
                  <th scope="col">seconds</th>
                </tr>
              </thead>
              <tbody>
                {epochs.map((e) => (
                  <tr key={e.epoch}>
                    <th scope="row">{e.epoch}</th>
                    <td>{e.loss.toFixed(4)}</td>
                    <td>{formatPercent(e.trainAccuracy, 2)}</td>
                    <td>{formatPercent(e.testAccuracy, 2)}</td>
                    <td>{e.seconds.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="data-table">
              <caption>Loss per batch</caption>
              <thead>
                <tr>
                  <th scope="col">batch</th>
                  <th scope="col">loss</th>
                </tr>
              </thead>
              <tbody>
                {losses.map((p) => (
                  <tr key={p.step}>
                    <th scope="row">{p.step}</th>
                    <td>{p.loss.toFixed(4)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </ShowData>
    </section>
  );
}
