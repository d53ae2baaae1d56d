/** What the Sources page and API show of one followed file (plain data, safe to import anywhere). */
export type TailStatus = {
  path: string;
  state: "starting" | "following" | "waiting" | "error";
  /** Bytes of complete lines read from the current file. */
  offset: number;
  size: number | null;
  bytesRead: number;
  events: number;
  added: number;
  lastEventAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  runId: number;
};
