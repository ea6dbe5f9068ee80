/** Keeps the last `max` lines of a child process's output, for error messages. */
export class TailBuffer {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly max = 40) {}

  push(chunk: Buffer | string, onLine?: (line: string) => void): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
      onLine?.(line);
    }
  }

  toString(): string {
    return [...this.lines, this.partial].filter((l) => l.length > 0).join('\n');
  }
}
