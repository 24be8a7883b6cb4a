/**
 * How NeuroUnify's tests and benchmarks start Chromium: Debian's build by default,
 * overridable with CHROMIUM_PATH; flags that work headless as root, keep Chromium
 * off the network and keep WebGL alive on SwiftShader.
 */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export const launchOptions = { executablePath: chromiumPath, args: chromiumArgs };
