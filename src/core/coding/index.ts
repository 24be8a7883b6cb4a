/**
 * Neuro-Coding: what a neuron does, measured on real inputs.
 *
 * - chooseProbe(train, size = 2000, seed = 1): the probe set (seeded choice).
 * - computeCodes(mlp, probe.data): LayerCodes[] of every hidden layer
 *   (neuron-major Float32Array; codeOf(codes, i) is neuron i's code).
 * - codeStats(codes): mean, variance, constant flags.
 * - correlationMatrix(codes): Pearson r_ij (width x width, Float32Array).
 * - centredGramSliced, correlationMatrixSliced: the same in slices (see ../sliced.ts).
 * - centredGram(codes, stats, idx?): S = X~^T X~ over a list of neurons (Float64).
 * - classProfiles(codes, labels, numClasses): mean output per class.
 * - firingPatterns(codes): x > 0 per sample, and firing rates.
 * - classOrder(labels, numClasses): samples grouped by class, for heatmaps.
 */
export { chooseProbe, DEFAULT_PROBE_SEED, DEFAULT_PROBE_SIZE } from './probe';
export type { Probe } from './probe';
export { codeOf, computeCodes } from './codes';
export type { LayerCodes } from './codes';
export { centredGram, centredGramSliced, codeStats, correlationMatrix, correlationMatrixSliced, indexList, subGram } from './stats';
export type { CodeStats, Gram } from './stats';
export { classOrder, classProfiles, firingPatterns } from './profiles';
export type { FiringPatterns } from './profiles';
