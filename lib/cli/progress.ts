import type { Terminal } from "./terminal";

/** Where a progress line goes: process.stderr, or a stand-in in tests. */
export type ProgressOutput = { write(text: string, callback?: (err?: Error | null) => void): unknown };

// Erase to the end of the line: a shorter line drawn over a longer one leaves no tail behind.
const ERASE_RIGHT = "\u001b[K";

/**
 * One line redrawn in place on a terminal (carriage return, text, erase the rest), ended by a line
 * break before anything else is printed. Elsewhere (a pipe, a file, CI logs) it prints nothing: a
 * log full of carriage returns reads as one garbled line.
 */
export class ProgressLine {
  private shown = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly terminal: Terminal,
  ) {}

  draw(text: string): void {
    if (!this.terminal.isTTY) return;
    // Never wider than the terminal: a wrapped line cannot be redrawn by a carriage return.
    const width = this.terminal.columns;
    const shown = width && text.length >= width ? `${text.slice(0, Math.max(1, width - 2))}…` : text;
    this.out.write(`\r${shown}${ERASE_RIGHT}`);
    this.shown = true;
  }

  /**
   * Ends the drawn line, if any. Resolves once the line break is written: in the CLI's worker thread
   * stdout and stderr are two pipes to the main thread, and a summary written to stdout meanwhile
   * could arrive before it, on the progress line.
   */
  end(): Promise<void> {
    if (!this.shown) return Promise.resolve();
    this.shown = false;
    return new Promise((resolve) => {
      this.out.write("\n", () => resolve());
    });
  }
}
