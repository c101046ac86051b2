/**
 * The few file-system questions the better-sqlite3 API asks itself: does a database's directory
 * exist (better-sqlite3 checks before opening), and writing a backup image to a file.
 * Owns: nothing but these two helpers, both going through the Deno-file VFS (src/vfs), so this
 * layer never touches `Deno` directly.
 * Follows: better-sqlite3 lib/database.js (directory check), lib/methods/backup.js (semantics:
 * the destination is replaced by a copy of the source, in steps reported to `progress`).
 * Must never: be used by the engine, or write anything but the destination file.
 * @module
 */
import { dirname } from "node:path";
import { DenoFileVfs } from "../vfs/deno_file.ts";

let vfs: DenoFileVfs | null = null;
function fileVfs(): DenoFileVfs {
  return vfs ??= new DenoFileVfs({ flock: false });
}

/** True if the directory that would hold `path` exists. Cold. */
export function directoryExists(path: string): boolean {
  return fileVfs().exists(dirname(path));
}

/** Page size of a database image (header offset 16; 1 means 65536). */
function pageSizeOf(image: Uint8Array): number {
  if (image.length < 100) return 4096;
  const v = (image[16] << 8) | image[17];
  return v === 1 ? 65536 : v || 4096;
}

/** Progress of a backup, as better-sqlite3 reports it. */
export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

/**
 * Write `image` to `path` (replacing its content) as better-sqlite3's backup loop does: a first
 * step of 0 pages reports the totals, then 100 pages per step (or what `progress` returns),
 * yielding to the event loop between steps. Cold.
 */
export async function writeImage(
  path: string,
  image: Uint8Array,
  progress: ((p: BackupProgress) => number | void) | null,
): Promise<BackupProgress> {
  const pageSize = pageSizeOf(image);
  const totalPages = Math.ceil(image.length / pageSize);
  const file = fileVfs().open(path, { create: true, kind: "main-db" });
  try {
    file.truncate(0);
    let done = 0;
    let rate = 0;
    let useDefault = true;
    for (;;) {
      const n = rate < 0 ? totalPages - done : Math.min(rate, totalPages - done);
      if (n > 0) {
        file.write(image.subarray(done * pageSize, (done + n) * pageSize), done * pageSize);
        done += n;
      }
      const info = { totalPages, remainingPages: totalPages - done };
      if (info.remainingPages === 0) {
        file.sync();
        return info;
      }
      if (useDefault) {
        useDefault = false;
        rate = 100;
      }
      if (progress !== null) {
        const ret: unknown = progress(info);
        if (ret !== undefined) {
          if (typeof ret === "number" && ret === ret) {
            rate = Math.max(0, Math.min(0x7fffffff, Math.round(ret)));
          } else {
            throw new TypeError("Expected progress callback to return a number or undefined");
          }
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    file.close();
  }
}
