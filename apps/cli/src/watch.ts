import type { BrokerLink } from '@mjl/transport';

/**
 * Prints `render(state)` once the state is complete; with watch, prints it again after every
 * change (redrawing the screen on a terminal) until interrupted.
 */
export async function watchOrPrint<S>(
  link: BrokerLink,
  watch: boolean,
  load: (onChange: (state: S) => void) => Promise<S>,
  render: (state: S) => string,
): Promise<void> {
  let pending: NodeJS.Timeout | undefined;
  const redraw = (state: S) => {
    // Coalesce bursts (a gateway announcing many devices) into one redraw.
    pending ??= setTimeout(() => {
      pending = undefined;
      process.stdout.write((process.stdout.isTTY ? '\x1b[2J\x1b[H' : '\n') + render(state));
    }, 50);
  };
  const state = await load(watch ? redraw : () => undefined);
  process.stdout.write(render(state));
  if (!watch) {
    await link.close();
    return;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearTimeout(pending);
  await link.close();
}
