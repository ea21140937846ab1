// Fans change notices out to this process's live connections. It LISTENs on the channel
// mutations notify on: PGlite delivers within this process; PostgreSQL delivers to every
// server process, so a change made through one server shows in browsers on all of them.
import pg from "pg";
import { openedDatabase } from "@/lib/db/client";
import { CHANNEL, type ChangeNotice } from "./notify";

type Listener = (notice: ChangeNotice) => void;

class ChangeBus {
  private listeners = new Set<Listener>();
  private listening: Promise<void> | undefined;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.listening ??= this.listen().catch((error: unknown) => {
      console.error(`[live] cannot listen for changes: ${error instanceof Error ? error.message : String(error)}`);
      this.listening = undefined;
    });
    return () => this.listeners.delete(listener);
  }

  /** Settles once this process listens (or has given up trying): notices from then on arrive. */
  ready(): Promise<void> {
    return this.listening ?? Promise.resolve();
  }

  private emit(payload: string | undefined) {
    if (!payload) return;
    let notice: ChangeNotice;
    try {
      notice = JSON.parse(payload) as ChangeNotice;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(notice);
  }

  private async listen(): Promise<void> {
    const opened = await openedDatabase();
    if (opened.kind === "pglite") {
      await opened.pglite.listen(CHANNEL, (payload) => this.emit(payload));
      return;
    }
    const target = opened.sql.target;
    if (target.kind !== "postgres") return;
    const client = new pg.Client({ connectionString: target.url });
    client.on("notification", (message) => this.emit(message.payload));
    // If the connection drops, listen again; browsers reconnect and refresh on their own.
    client.on("error", () => {
      client.end().catch(() => {});
      this.listening = undefined;
      setTimeout(() => {
        if (this.listeners.size > 0) this.listening ??= this.listen().catch(() => (this.listening = undefined));
      }, 1000);
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
  }
}

const store = globalThis as typeof globalThis & { __shiproomBus?: ChangeBus };

export function changeBus(): ChangeBus {
  store.__shiproomBus ??= new ChangeBus();
  return store.__shiproomBus;
}
