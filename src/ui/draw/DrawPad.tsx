import { useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { clearProbeInput, setDrawnInput } from '../../state/actions/probe-input';
import { useStore } from '../../state/store';
import { DIGIT_INK, paintInputOnPad } from '../../viz/digit-gallery';

/** The pad's own resolution (10 pad pixels per digit pixel). */
const SIDE = 280;
/** Brush width in pad pixels: about 2 to 2.5 digit pixels once the drawing is scaled into MNIST's 20-pixel box. */
const BRUSH = 22;

/**
 * A 28 x 28 drawing pad at 10x: pointer events (mouse, touch, pen; a pen's
 * pressure widens the brush a little), round soft-edged strokes. While a
 * stroke is drawn the input updates once per frame; the state layer makes it
 * MNIST-like. Keys (the pad takes focus): Delete or Backspace clears, T picks
 * a test digit.
 */
export function DrawPad({ onPick }: { onPick: () => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const stroke = useRef<{ id: number; x: number; y: number } | null>(null);
  const frame = useRef<number | null>(null);
  const input = useStore((s) => s.probeInput);

  // A test digit (or no input) replaces what is on the pad; a drawing is already there.
  useEffect(() => {
    const c = canvas.current;
    if (!c || input?.source === 'drawn') return;
    if (input) paintInputOnPad(c, input.pixels, input.rows, input.cols);
    else c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
  }, [input]);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const send = () => {
    frame.current = null;
    const c = canvas.current;
    const ctx = c?.getContext('2d', { willReadFrequently: true });
    if (!c || !ctx) return;
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const ink = new Float32Array(c.width * c.height);
    for (let i = 0; i < ink.length; i++) ink[i] = data[4 * i + 3] / 255;
    setDrawnInput(ink, c.width, c.height);
  };
  const sendSoon = () => {
    if (frame.current === null) frame.current = requestAnimationFrame(send);
  };

  const at = (e: { clientX: number; clientY: number }) => {
    const r = canvas.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * SIDE) / r.width, y: ((e.clientY - r.top) * SIDE) / r.height };
  };
  const segment = (x0: number, y0: number, x1: number, y1: number, pressure: number, pen: boolean) => {
    const ctx = canvas.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    ctx.strokeStyle = DIGIT_INK;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.lineWidth = BRUSH * (pen ? 0.7 + 0.6 * pressure : 1);
    // A slight blur softens the edge, as MNIST's anti-aliased strokes are.
    ctx.shadowColor = DIGIT_INK;
    ctx.shadowBlur = 3;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1 + (x1 === x0 && y1 === y0 ? 0.01 : 0), y1);
    ctx.stroke();
  };

  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.preventDefault();
    const c = canvas.current!;
    c.setPointerCapture?.(e.pointerId);
    c.focus({ preventScroll: true });
    // Drawing over a test digit starts a fresh drawing.
    if (useStore.getState().probeInput?.source !== 'drawn') c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
    const p = at(e);
    stroke.current = { id: e.pointerId, ...p };
    segment(p.x, p.y, p.x, p.y, e.pressure, e.pointerType === 'pen');
    sendSoon();
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    const s = stroke.current;
    if (!s || s.id !== e.pointerId) return;
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const ev of events.length ? events : [e.nativeEvent]) {
      const p = at(ev);
      segment(s.x, s.y, p.x, p.y, ev.pressure, ev.pointerType === 'pen');
      s.x = p.x;
      s.y = p.y;
    }
    sendSoon();
  };
  const up = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!stroke.current || stroke.current.id !== e.pointerId) return;
    stroke.current = null;
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    send();
  };
  const key = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Delete' || e.key === 'Backspace') clearProbeInput();
    else if (e.key.toLowerCase() === 't' && !e.ctrlKey && !e.metaKey && !e.altKey) onPick();
    else return;
    e.preventDefault();
  };

  return (
    <canvas
      ref={canvas}
      className="draw-pad"
      width={SIDE}
      height={SIDE}
      data-testid="draw-pad"
      tabIndex={0}
      role="img"
      aria-label="Drawing pad, 28 by 28: draw a digit with a mouse, a finger or a pen. Delete clears it; T picks a test digit."
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={key}
    />
  );
}
