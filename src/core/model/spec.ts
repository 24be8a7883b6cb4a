/** The shape of a multilayer perceptron: what the user picks in the training panel. */
export type Activation = 'relu' | 'sigmoid' | 'tanh';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh'];

export interface MlpSpec {
  inputSize: number;
  hidden: number[];
  numClasses: number;
  activation: Activation;
}

export const LENET_300_100: MlpSpec = { inputSize: 784, hidden: [300, 100], numClasses: 10, activation: 'relu' };

/** Widths of every layer, input to output: [784, 300, 100, 10]. */
export function layerWidths(spec: MlpSpec): number[] {
  return [spec.inputSize, ...spec.hidden, spec.numClasses];
}

/** Weights plus biases of all dense layers. */
export function paramCount(widths: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < widths.length; l++) n += widths[l - 1] * widths[l] + widths[l];
  return n;
}

export function describeWidths(widths: readonly number[]): string {
  return widths.join('-');
}
