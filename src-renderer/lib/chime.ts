/**
 * A short soft two-note chime made with WebAudio (no sound file): 0.35 s, quiet. Silently does
 * nothing where audio is unavailable or not yet allowed (autoplay rules before a user gesture).
 */
let context: AudioContext | null = null;

/** How many chimes this window played: the E2E reads it (a sound cannot be heard in a headless run). */
export const chimeCount = () => (globalThis as { __agentiqChimes?: number }).__agentiqChimes ?? 0;

export function playChime(volume = 0.6): void {
  const level = Math.min(1, Math.max(0, volume));
  if (level === 0) return;
  (globalThis as { __agentiqChimes?: number }).__agentiqChimes = chimeCount() + 1;
  try {
    const Ctor =
      window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    context ??= new Ctor();
    const ctx = context;
    if (ctx.state === 'suspended') void ctx.resume();
    const start = ctx.currentTime + 0.01;
    for (const [index, frequency] of [880, 1318.5].entries()) {
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      const at = start + index * 0.12;
      oscillator.type = 'sine';
      oscillator.frequency.setValueAtTime(frequency, at);
      gain.gain.setValueAtTime(0.0001, at);
      // 0.2 at full volume: still a soft chime, never a jolt.
      gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, 0.2 * level), at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22);
      oscillator.connect(gain).connect(ctx.destination);
      oscillator.start(at);
      oscillator.stop(at + 0.25);
    }
  } catch {
    // No audio here: the notification itself still shows.
  }
}
