/** How the code heatmap scales its colours: per neuron, per layer, or over every hidden layer. */
export const NORMALIZATIONS = ['neuron', 'layer', 'global'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];
