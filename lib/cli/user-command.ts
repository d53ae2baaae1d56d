import { hashPassword } from "@/lib/auth/password";

const USAGE = `usage: auditlens user hash
Reads a password on standard input (typed without echo on a terminal, or piped: the first line) and
prints the passwordHash to put in the users file (AUDITLENS_USERS_FILE).`;

/** `auditlens user hash`. */
export async function userCommand(argv: string[]): Promise<number> {
  if (argv[0] !== "hash" || argv.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return argv[0] === "--help" || argv[0] === "-h" ? 0 : 2;
  }
  const password = process.stdin.isTTY ? await readHidden("Password: ") : await readFirstLine();
  if (!password) {
    process.stderr.write("auditlens: the password is empty\n");
    return 2;
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
  return 0;
}

async function readFirstLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

/** A line typed at the terminal without echoing it. */
function readHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  return new Promise((resolve) => {
    let text = "";
    const done = (value: string) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      resolve(value);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") return done(text);
        if (ch === "\u0003") {
          done("");
          process.exit(130);
        }
        text = ch === "\u007f" || ch === "\b" ? text.slice(0, -1) : text + ch;
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}
