import { ingestCommand } from "./ingest-command";

const commands: Record<string, (argv: string[]) => Promise<number>> = { ingest: ingestCommand };

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write("usage: auditlens ingest [--cluster NAME] [--db FILE] <file…>\n");
  process.exit(2);
}
process.exitCode = await command(rest);
