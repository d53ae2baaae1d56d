import { ingestCommand } from "./ingest-command";

const commands: Record<string, (argv: string[]) => Promise<number>> = { ingest: ingestCommand };

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write("usage: auditlens ingest [--cluster NAME] [--db FILE] <file…>\n");
  process.exitCode = 2;
} else {
  command(rest).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`auditlens: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
