/**
 * Transaction-control statements — SQLite's build.c (sqlite3BeginTransaction,
 * sqlite3EndTransaction, sqlite3Savepoint) and lang_transaction.html / lang_savepoint.html.
 *
 * Owns: compiling BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE], COMMIT/END, ROLLBACK, SAVEPOINT, RELEASE
 * and ROLLBACK TO into a program whose one `Host` instruction drives the connection's
 * transaction machine (the analogue of OP_AutoCommit / OP_Savepoint).
 * Must never: touch the pager itself — the connection's `TxnControl` does.
 * Cold.
 * @module
 */

import type {
  BeginStmt,
  CommitStmt,
  ReleaseStmt,
  RollbackStmt,
  SavepointStmt,
} from "../sql/ast.ts";
import { Op, type Program, ProgramBuilder } from "./program.ts";

/** What transaction statements ask of the connection. */
export interface TxnControl {
  begin(mode: "DEFERRED" | "IMMEDIATE" | "EXCLUSIVE" | null): void;
  commit(): void;
  rollback(): void;
  savepoint(name: string): void;
  release(name: string): void;
  rollbackTo(name: string): void;
}

/** A transaction-control statement. */
export type TxnStmt = BeginStmt | CommitStmt | RollbackStmt | SavepointStmt | ReleaseStmt;

/** Compile a transaction-control statement. */
export function compileTxn(stmt: TxnStmt, ctl: TxnControl): Program {
  const b = new ProgramBuilder();
  let run: () => void;
  let name: string;
  switch (stmt.kind) {
    case "begin":
      run = () => ctl.begin(stmt.mode);
      name = "BEGIN";
      break;
    case "commit":
      run = () => ctl.commit();
      name = "COMMIT";
      break;
    case "rollback": {
      const sp = stmt.savepoint;
      run = sp === null ? () => ctl.rollback() : () => ctl.rollbackTo(sp.name);
      name = sp === null ? "ROLLBACK" : "ROLLBACK TO";
      break;
    }
    case "savepoint":
      run = () => ctl.savepoint(stmt.name.name);
      name = "SAVEPOINT";
      break;
    case "release":
      run = () => ctl.release(stmt.name.name);
      name = "RELEASE";
      break;
  }
  b.emit(Op.Host, 0, 0, 0, { kind: "host", value: { name, run: () => run() } });
  b.emit(Op.Halt);
  return b.finish([], [], true);
}
