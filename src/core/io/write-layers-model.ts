/**
 * Writes an Mlp in the TensorFlow.js LayersModel format: a model.json
 * (topology + weights manifest) and one binary weight file, loadable with plain
 * tf.loadLayersModel. The topology is produced by tfjs itself; NeuroUnify's own
 * facts (stable neuron ids) ride along in userDefinedMetadata.
 */
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from '../model/mlp';
import { toTfModel } from '../model/to-tf';

export interface NeuroUnifyMetadata {
  /** Stable neuron ids of every hidden layer, from the original model. */
  neuronIds?: number[][];
  /** Free-form provenance (how the model was made). */
  provenance?: Record<string, unknown>;
}

export interface LayersModelFiles {
  modelJson: string;
  weightsFileName: string;
  weights: Uint8Array;
}

export async function writeLayersModel(
  m: Mlp,
  meta: NeuroUnifyMetadata = {},
  weightsFileName = 'model.weights.bin',
): Promise<LayersModelFiles> {
  const model = toTfModel(m);
  let artifacts: tf.io.ModelArtifacts | null = null;
  try {
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
      }),
    );
  } finally {
    model.dispose();
  }
  const a = artifacts as unknown as tf.io.ModelArtifacts;
  const data = a.weightData;
  const weights = new Uint8Array(Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : (data as ArrayBuffer));
  const json = {
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [`./${weightsFileName}`], weights: a.weightSpecs }],
    userDefinedMetadata: { neurounify: meta },
  };
  return { modelJson: JSON.stringify(json), weightsFileName, weights };
}
