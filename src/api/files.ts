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
 * Write `image` to `path` (replacing its content), `step` pages at a time, yielding to the event
 * loop between steps; `progress` is told the totals after each step and may return a new step
 * size (0 or a non-number keeps the current one). Cold.
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
    let step = 100;
    while (done < totalPages) {
      const n = Math.min(step, totalPages - done);
      file.write(image.subarray(done * pageSize, (done + n) * pageSize), done * pageSize);
      done += n;
      if (done < totalPages) {
        if (progress !== null) {
          const r = progress({ totalPages, remainingPages: totalPages - done });
          if (typeof r === "number" && Number.isFinite(r) && r > 0) step = Math.floor(r);
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    file.sync();
  } finally {
    file.close();
  }
  return { totalPages, remainingPages: 0 };
}
