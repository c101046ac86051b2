/**
 * Test double: a minimal in-memory `PagerApi` over a file image, used by the
 * b-tree tests until (and beside) the real Pager. Not product code.
 *
 * It keeps one Uint8Array per page, counts references (to catch leaks),
 * enforces write()-before-mutate by snapshotting originals for rollback, and
 * on commit() maintains what the pager owns in page 1: the change counter
 * (24), the in-header database size (28), version-valid-for (92) and the
 * SQLITE_VERSION_NUMBER (96).
 */
import { SqliteError } from "../../src/error.ts";
import { put32 } from "../../src/format/header.ts";
import type { Page, PageNumber, PagerApi } from "../../src/pager/types.ts";

export class MemPager implements PagerApi {
  readonly pageSize: number;
  readonly usableSize: number;
  pages: Uint8Array[] = [];
  private objs = new Map<number, Page>();
  private refs = new Map<number, number>();
  private orig: Map<number, Uint8Array | null> | null = null;
  private origCount = 0;
  private origPages: Uint8Array[] = [];
  private readonlyMode: boolean;
  /** Page numbers written (for "never writes" checks). */
  writes = 0;

  constructor(image: Uint8Array | null, pageSize = 4096, reserved = 0, readonly = false) {
    this.readonlyMode = readonly;
    if (image && image.length >= 100) {
      const raw = (image[16] << 8) | image[17];
      const ps = raw === 1 ? 65536 : raw;
      if (ps < 512 || ps > 65536 || (ps & (ps - 1)) !== 0) {
        throw new SqliteError("file is not a database", "SQLITE_NOTADB");
      }
      this.pageSize = ps;
      this.usableSize = ps - image[20];
      const n = Math.floor(image.length / ps);
      for (let i = 0; i < n; i++) this.pages.push(image.slice(i * ps, (i + 1) * ps));
    } else {
      if (image && image.length > 0) {
        throw new SqliteError("file is not a database", "SQLITE_NOTADB");
      }
      this.pageSize = pageSize;
      this.usableSize = pageSize - reserved;
    }
  }

  static fromFile(path: string, readonly = false): MemPager {
    return new MemPager(Deno.readFileSync(path), 4096, 0, readonly);
  }

  pageCount(): number {
    return this.pages.length;
  }
  get(pgno: PageNumber): Page {
    if (!(pgno >= 1 && pgno <= this.pages.length)) {
      throw new SqliteError("database disk image is malformed", "SQLITE_CORRUPT");
    }
    let p = this.objs.get(pgno);
    if (!p) {
      p = { pgno, data: this.pages[pgno - 1] };
      this.objs.set(pgno, p);
    }
    this.refs.set(pgno, (this.refs.get(pgno) ?? 0) + 1);
    return p;
  }
  release(page: Page): void {
    const n = (this.refs.get(page.pgno) ?? 0) - 1;
    if (n < 0) throw new Error(`release of unreferenced page ${page.pgno}`);
    if (n === 0) this.refs.delete(page.pgno);
    else this.refs.set(page.pgno, n);
  }
  /** Pages currently referenced (leak check). */
  outstanding(): number {
    let n = 0;
    for (const v of this.refs.values()) n += v;
    return n;
  }
  write(page: Page): void {
    if (!this.orig) throw new Error("write outside a write transaction");
    if (this.readonlyMode) {
      throw new SqliteError("attempt to write a readonly database", "SQLITE_READONLY");
    }
    if (!this.orig.has(page.pgno)) {
      this.orig.set(page.pgno, page.pgno <= this.origCount ? page.data.slice() : null);
    }
    this.writes++;
  }
  allocateAtEnd(): Page {
    if (!this.orig) throw new Error("allocate outside a write transaction");
    this.pages.push(new Uint8Array(this.pageSize));
    const pgno = this.pages.length;
    this.objs.delete(pgno);
    const p = this.get(pgno);
    this.orig.set(pgno, null);
    return p;
  }
  truncate(pageCount: number): void {
    if (!this.orig) throw new Error("truncate outside a write transaction");
    for (let i = pageCount + 1; i <= this.pages.length; i++) this.objs.delete(i);
    if (pageCount < this.pages.length) this.pages.length = pageCount;
  }
  beginRead(): void {}
  endRead(): void {}
  beginWrite(): void {
    if (this.readonlyMode) {
      throw new SqliteError("attempt to write a readonly database", "SQLITE_READONLY");
    }
    if (!this.orig) {
      this.orig = new Map();
      this.origCount = this.pages.length;
      this.origPages = this.pages.slice();
    }
  }
  get inWriteTransaction(): boolean {
    return this.orig !== null;
  }
  commit(): void {
    if (!this.orig) return;
    if (this.orig.size > 0 && this.pages.length > 0) {
      const p1 = this.pages[0];
      const cc = (((p1[24] << 24) | (p1[25] << 16) | (p1[26] << 8) | p1[27]) + 1) >>> 0;
      put32(p1, 24, cc);
      put32(p1, 28, this.pages.length);
      put32(p1, 92, cc);
      put32(p1, 96, 3053002);
    }
    this.orig = null;
  }
  rollback(): void {
    if (!this.orig) return;
    for (let i = this.origCount + 1; i <= this.pages.length; i++) this.objs.delete(i);
    this.pages = this.origPages;
    for (const [pgno, data] of this.orig) {
      if (data && pgno <= this.pages.length) this.pages[pgno - 1].set(data);
    }
    this.orig = null;
  }
  savepoint(): void {}
  rollbackTo(): void {
    throw new Error("MemPager: savepoints not supported");
  }
  releaseSavepoint(): void {}
  close(): void {
    this.rollback();
  }
  /** The file image. */
  image(): Uint8Array {
    const out = new Uint8Array(this.pages.length * this.pageSize);
    this.pages.forEach((p, i) => out.set(p, i * this.pageSize));
    return out;
  }
}
