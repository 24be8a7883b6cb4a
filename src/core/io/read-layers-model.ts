/**
 * Reads a TensorFlow.js LayersModel (model.json + weight files) of Dense layers
 * into an Mlp, validating everything: this is a trust boundary (the bundled
 * model, and any model a user imports). Pure TypeScript, no tfjs needed.
 */
import { z } from 'zod';
import type { DenseWeights, Mlp } from '../model/mlp';
import type { Activation } from '../model/spec';
import { ACTIVATIONS } from '../model/spec';
import { MAX_ABS_WEIGHT, MAX_LAYERS, MAX_MODEL_PARAMS, MAX_NEURON_ID } from './limits';
import type { NeuroUnifyMetadata } from './write-layers-model';

export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}


const layerSchema = z.object({
  class_name: z.string(),
  config: z.looseObject({
    name: z.string().optional(),
    units: z.number().int().positive().optional(),
    activation: z.string().optional(),
    use_bias: z.boolean().optional(),
    batch_input_shape: z.array(z.number().nullable()).optional(),
    batchInputShape: z.array(z.number().nullable()).optional(),
  }),
});

const weightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.string().optional(),
  quantization: z.unknown().optional(),
});

const modelJsonSchema = z.looseObject({
  format: z.string().optional(),
  modelTopology: z.looseObject({
    class_name: z.string(),
    config: z.union([z.array(layerSchema), z.looseObject({ layers: z.array(layerSchema) })]),
  }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(weightSpecSchema) })),
  userDefinedMetadata: z.looseObject({ neurounify: z.unknown().optional() }).optional(),
});

const metaSchema = z.object({
  neuronIds: z.array(z.array(z.number().int().nonnegative())).optional(),
  provenance: z.record(z.string(), z.unknown()).optional(),
});

export type ModelJson = z.infer<typeof modelJsonSchema>;

/** The weight file names a model.json refers to, in order. */
export function weightPaths(json: ModelJson): string[] {
  return json.weightsManifest.flatMap((g) => g.paths);
}

export function parseModelJson(text: string, fileName = 'model.json'): ModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ModelFormatError(`${fileName} is not valid JSON`);
  }
  const parsed = modelJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelFormatError(`${fileName} is not a TensorFlow.js LayersModel: ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  if (parsed.data.format !== undefined && parsed.data.format !== 'layers-model') {
    throw new ModelFormatError(`${fileName} has format "${parsed.data.format}"; only "layers-model" (a Keras-style LayersModel) is supported`);
  }
  return parsed.data;
}

function baseName(p: string): string {
  return p.split('/').pop() ?? p;
}

export interface ReadModel {
  mlp: Mlp;
  meta: NeuroUnifyMetadata;
}

/**
 * Builds the Mlp from a parsed model.json and its weight files, looked up by
 * file name (the directory part of manifest paths is ignored).
 */
export function readLayersModel(json: ModelJson, files: Map<string, Uint8Array>): ReadModel {
  const topo = json.modelTopology;
  if (topo.class_name !== 'Sequential') {
    throw new ModelFormatError(`unsupported model class "${topo.class_name}": only a Sequential model of Dense layers is supported`);
  }
  const layers = Array.isArray(topo.config) ? topo.config : topo.config.layers;
  let inputSize: number | null = null;
  const dense: { name: string; units: number; activation: string; useBias: boolean }[] = [];
  for (const [k, layer] of layers.entries()) {
    const c = layer.config;
    const shape = c.batch_input_shape ?? c.batchInputShape;
    if (shape && inputSize === null) {
      if (shape.length !== 2 || typeof shape[1] !== 'number') {
        throw new ModelFormatError(`layer ${k} has input shape [${shape.join(', ')}]; a flat vector input [null, n] is needed`);
      }
      inputSize = shape[1];
    }
    if (layer.class_name === 'InputLayer' && k === 0) continue;
    if (layer.class_name !== 'Dense') {
      throw new ModelFormatError(`unsupported layer "${layer.class_name}" at position ${k}: only Dense layers are supported`);
    }
    if (!c.units) throw new ModelFormatError(`Dense layer ${k} has no "units"`);
    dense.push({ name: c.name ?? `dense_${k}`, units: c.units, activation: c.activation ?? 'linear', useBias: c.use_bias ?? true });
  }
  if (inputSize === null) throw new ModelFormatError('the model does not declare its input shape');
  if (dense.length < 2) throw new ModelFormatError(`the model has ${dense.length} Dense layer(s); at least one hidden layer and an output layer are needed`);
  if (dense.length - 1 > MAX_LAYERS) throw new ModelFormatError(`the model has ${dense.length - 1} hidden layers; at most ${MAX_LAYERS} are supported`);
  const hiddenAct = dense[0].activation;
  if (!(ACTIVATIONS as readonly string[]).includes(hiddenAct)) {
    throw new ModelFormatError(`hidden activation "${hiddenAct}" is not supported (use ${ACTIVATIONS.join(', ')})`);
  }
  for (const [k, d] of dense.slice(0, -1).entries()) {
    if (d.activation !== hiddenAct) {
      throw new ModelFormatError(`hidden layers must share one activation: layer ${k + 1} uses "${d.activation}", layer 1 "${hiddenAct}"`);
    }
  }
  const outAct = dense[dense.length - 1].activation;
  if (outAct !== 'softmax' && outAct !== 'linear') {
    throw new ModelFormatError(`output activation "${outAct}" is not supported (softmax or linear)`);
  }
  const widths = [inputSize, ...dense.map((d) => d.units)];
  let params = 0;
  for (let l = 1; l < widths.length; l++) params += widths[l - 1] * widths[l] + widths[l];
  if (params > MAX_MODEL_PARAMS) throw new ModelFormatError(`${params} parameters is over the cap of ${MAX_MODEL_PARAMS}`);

  // Decode every weight of every group, in manifest order.
  const byName = new Map<string, { shape: number[]; values: Float32Array }>();
  for (const group of json.weightsManifest) {
    const parts = group.paths.map((p) => {
      const f = files.get(baseName(p));
      if (!f) throw new ModelFormatError(`weight file "${baseName(p)}" is missing`);
      return f;
    });
    const total = parts.reduce((a, p) => a + p.length, 0);
    const buf = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      buf.set(p, o);
      o += p.length;
    }
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.quantization) throw new ModelFormatError(`weight "${spec.name}" is quantized; only float32 weights are supported`);
      if ((spec.dtype ?? 'float32') !== 'float32') throw new ModelFormatError(`weight "${spec.name}" has dtype ${spec.dtype}; only float32 is supported`);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (size > MAX_MODEL_PARAMS) throw new ModelFormatError(`weight "${spec.name}" is too large`);
      const bytes = size * 4;
      if (offset + bytes > buf.length) {
        throw new ModelFormatError(`weight files are too short: "${spec.name}" needs bytes ${offset}..${offset + bytes} but there are ${buf.length}`);
      }
      const values = new Float32Array(size);
      new Uint8Array(values.buffer).set(buf.subarray(offset, offset + bytes));
      for (let i = 0; i < size; i++) {
        if (!Number.isFinite(values[i])) throw new ModelFormatError(`weight "${spec.name}" contains a NaN or infinite value at index ${i}`);
        if (Math.abs(values[i]) > MAX_ABS_WEIGHT) {
          throw new ModelFormatError(`weight "${spec.name}" has a value of ${values[i]} at index ${i}, beyond the ±${MAX_ABS_WEIGHT} that NeuroUnify accepts`);
        }
      }
      byName.set(spec.name, { shape: spec.shape, values });
      offset += bytes;
    }
    if (offset !== buf.length) throw new ModelFormatError(`weight files hold ${buf.length} bytes but the manifest describes ${offset}`);
  }

  const find = (layer: string, kind: 'kernel' | 'bias') => {
    for (const [name, w] of byName) {
      const parts = name.split('/');
      if (parts[parts.length - 1] === kind && parts[parts.length - 2] === layer) return w;
    }
    return undefined;
  };
  const out: DenseWeights[] = dense.map((d, l) => {
    const inSize = widths[l];
    const outSize = widths[l + 1];
    const kernel = find(d.name, 'kernel');
    if (!kernel) throw new ModelFormatError(`no weights "${d.name}/kernel" in the manifest`);
    if (kernel.shape.length !== 2 || kernel.shape[0] !== inSize || kernel.shape[1] !== outSize) {
      throw new ModelFormatError(`"${d.name}/kernel" has shape [${kernel.shape.join(', ')}], expected [${inSize}, ${outSize}]`);
    }
    let b: Float32Array = new Float32Array(outSize);
    if (d.useBias) {
      const bias = find(d.name, 'bias');
      if (!bias) throw new ModelFormatError(`no weights "${d.name}/bias" in the manifest`);
      if (bias.shape.length !== 1 || bias.shape[0] !== outSize) {
        throw new ModelFormatError(`"${d.name}/bias" has shape [${bias.shape.join(', ')}], expected [${outSize}]`);
      }
      b = bias.values;
    }
    return { inSize, outSize, W: kernel.values, b };
  });

  const metaParse = metaSchema.safeParse(json.userDefinedMetadata?.neurounify ?? {});
  const meta: NeuroUnifyMetadata = metaParse.success ? metaParse.data : {};
  if (meta.neuronIds) {
    const ok = meta.neuronIds.length === dense.length - 1 && meta.neuronIds.every((ids, l) => ids.length === widths[l + 1]);
    if (!ok) throw new ModelFormatError('the neuron ids in the metadata do not match the layer widths');
    meta.neuronIds.forEach((ids, l) => {
      if (new Set(ids).size !== ids.length) throw new ModelFormatError(`the neuron ids of hidden layer ${l + 1} repeat an id`);
      const big = ids.find((id) => id >= MAX_NEURON_ID);
      if (big !== undefined) throw new ModelFormatError(`neuron id ${big} in hidden layer ${l + 1} is too large: ids must be below ${MAX_NEURON_ID}`);
    });
  }
  return {
    mlp: {
      spec: { inputSize, hidden: widths.slice(1, -1), numClasses: widths[widths.length - 1], activation: hiddenAct as Activation },
      layers: out,
    },
    meta,
  };
}
