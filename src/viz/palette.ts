/**
 * Colours. Categorical series use the Okabe-Ito palette, which stays
 * distinguishable under the common colour-vision deficiencies.
 */
export const OKABE_ITO = {
  blue: '#0072B2',
  orange: '#E69F00',
  sky: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

export const SERIES_COLORS = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.green,
  OKABE_ITO.orange,
  OKABE_ITO.purple,
  OKABE_ITO.sky,
  OKABE_ITO.black,
  '#999999',
];

export const INK = '#1f2933';
export const MUTED = '#5f6b78';
export const GRID = '#e6e9ee';
