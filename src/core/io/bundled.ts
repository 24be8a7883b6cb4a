/** Where the bundled pretrained model lives, relative to the app's base URL (and to public/). */
export const BUNDLED_MODEL_DIR = 'models/lenet-300-100';
