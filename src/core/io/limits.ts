/**
 * What a model may hold to be opened, compacted and shared. Checked when a
 * model is read (core/io/read-layers-model) and relied on by links and work
 * files (core/share), which store layer indices and neuron ids.
 */

/**
 * Models larger than this many parameters are refused before anything is
 * allocated. The engine computes a model's codes in plain JavaScript on 5,000
 * digits (probe, validation and test) when it opens: at 4 million parameters
 * that is some 16 billion multiply-adds, tens of seconds in slices on a laptop.
 * The largest network the app trains (4 hidden layers of 1,024) has 3.96 million.
 */
export const MAX_MODEL_PARAMS = 4_000_000;

/** Hidden layers a model may have (links store the layer index). */
export const MAX_LAYERS = 64;

/** Neuron ids are below this (links store them in at most three bytes). */
export const MAX_NEURON_ID = 1 << 20;

/**
 * The largest weight or bias magnitude accepted. Trained networks have weights
 * of order 1; 1e6 is far beyond any of them. The bound keeps the engine's
 * arithmetic finite: with inputs in [0, 1] it caps what one layer can do to
 * the next, and the compaction set-up then checks every activation on real
 * inputs (MAX_ABS_ACTIVATION), which a bound on weights alone cannot promise
 * for deep models.
 */
export const MAX_ABS_WEIGHT = 1e6;

/**
 * The largest activation magnitude the engine accepts on the probe and held-out
 * inputs. Codes are stored as float32 (up to 3.4e38) and squared and summed in
 * float64 over at most 200,000 samples and multiplied by squared outgoing
 * weights: 2e5 * (1e15)^2 * 2e7 * (1e6)^2 = 4e54, far below float64's 1.8e308,
 * so every Gram entry, cost and coefficient of a step stays finite.
 */
export const MAX_ABS_ACTIVATION = 1e15;
