/**
 * The explorer's probe set: the engine's seeded probe choice, with the samples
 * regrouped by class (0, 1, ..., 9; inside a class, ascending index), so a
 * code heatmap's columns fall into labelled class bands without reordering.
 */
import { chooseProbe, classOrder, DEFAULT_PROBE_SIZE, DEFAULT_PROBE_SEED } from '../coding';
import type { Dataset } from '../data/dataset';
import { subset } from '../data/dataset';

/** Columns [start, end) (display order) that belong to one class. */
export interface ClassBand {
  label: string;
  start: number;
  end: number;
}

export function probeByClass(train: Dataset, size = DEFAULT_PROBE_SIZE, seed = DEFAULT_PROBE_SEED): { data: Dataset; bands: ClassBand[] } {
  const probe = chooseProbe(train, size, seed).data;
  const data = subset(probe, classOrder(probe.labels, probe.numClasses), probe.name);
  const bands: ClassBand[] = [];
  for (let s = 0; s < data.count; ) {
    const k = data.labels[s];
    let e = s;
    while (e < data.count && data.labels[e] === k) e++;
    bands.push({ label: String(k), start: s, end: e });
    s = e;
  }
  return { data, bands };
}
