/** Where the embedded data set lives, relative to the app's base URL (and to public/). */
export const EMBEDDED_DATA_FILE = 'data/mnist-10k.nuds.gz';
export const EMBEDDED_DATA_NAME = 'MNIST (10,000 embedded digits)';
