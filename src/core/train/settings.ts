/** What a training run is asked to do (the training panel's numbers, and a checkpoint's). */
export interface TrainSettings {
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Seeds the order of the samples in every epoch. */
  seed: number;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = { learningRate: 1e-3, batchSize: 128, epochs: 15, seed: 1 };
