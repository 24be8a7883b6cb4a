/**
 * Gives the event loop a turn without the 4 ms clamp of nested setTimeout:
 * setImmediate in Node, a MessageChannel message in the browser.
 */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { setImmediate?: (cb: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const si = g.setImmediate;
    return new Promise((resolve) => si(resolve));
  }
  if (typeof MessageChannel === 'function') {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    return new Promise((resolve) => {
      waiting.push(resolve);
      channel!.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
