/**
 * The iteration order of SQLite's schema hash tables (hash.c: `strHash`, `insertElement`,
 * `rehash`), which decides the row order of `PRAGMA table_list` and of ANALYZE's sqlite_stat1
 * writes (both walk `Schema.tblHash`).
 *
 * Owns: a faithful model of one `Hash` — elements prepended to their bucket's chain (or to the
 * list when there are no buckets), a rehash to `count*3` buckets whenever `count >= 5` and
 * `count > 2*htsize`, removal — tracking only keys.
 * Must never: be used for lookups (the catalog's Maps do that); it only answers "in which order
 * would SQLite visit these names". Cold.
 * @module
 */

interface Elem {
  key: string;
  h: number;
  next: Elem | null;
  prev: Elem | null;
}

interface Bucket {
  count: number;
  chain: Elem | null;
}

const enc = new TextEncoder();

/** hash.c strHash: Knuth multiplicative hash over the bytes with the case bit (0x20) masked. */
export function strHash(z: string): number {
  let h = 0;
  for (const b of enc.encode(z)) {
    h = (h + (0xdf & b)) >>> 0;
    h = Math.imul(h, 0x9e3779b1) >>> 0;
  }
  return h;
}

/** A model of SQLite's `Hash` that records iteration order. */
export class SqliteHashOrder {
  private first: Elem | null = null;
  private count = 0;
  private ht: Bucket[] | null = null;
  private readonly byKey = new Map<string, Elem>();

  private insertElement(bucket: Bucket | null, e: Elem): void {
    let head: Elem | null = null;
    if (bucket !== null) {
      head = bucket.count ? bucket.chain : null;
      bucket.count++;
      bucket.chain = e;
    }
    if (head !== null) {
      e.next = head;
      e.prev = head.prev;
      if (head.prev) head.prev.next = e;
      else this.first = e;
      head.prev = e;
    } else {
      e.next = this.first;
      if (this.first) this.first.prev = e;
      e.prev = null;
      this.first = e;
    }
  }

  private rehash(size: number): void {
    const ht: Bucket[] = [];
    for (let i = 0; i < size; i++) ht.push({ count: 0, chain: null });
    this.ht = ht;
    let e = this.first;
    this.first = null;
    while (e !== null) {
      const next = e.next;
      this.insertElement(ht[e.h % size], e);
      e = next;
    }
  }

  /** sqlite3HashInsert of a new key (case-insensitive; re-inserting an existing key is a no-op). */
  insert(key: string): void {
    const k = key.toLowerCase();
    if (this.byKey.has(k)) return;
    const e: Elem = { key: k, h: strHash(key), next: null, prev: null };
    this.byKey.set(k, e);
    this.count++;
    const htsize = this.ht === null ? 0 : this.ht.length;
    if (this.count >= 5 && this.count > 2 * htsize) this.rehash(this.count * 3);
    const ht = this.ht;
    this.insertElement(ht === null ? null : ht[e.h % ht.length], e);
  }

  /** sqlite3HashInsert(key, 0): remove a key. */
  remove(key: string): void {
    const k = key.toLowerCase();
    const e = this.byKey.get(k);
    if (e === undefined) return;
    this.byKey.delete(k);
    if (e.prev) e.prev.next = e.next;
    else this.first = e.next;
    if (e.next) e.next.prev = e.prev;
    if (this.ht !== null) {
      const b = this.ht[e.h % this.ht.length];
      if (b.chain === e) b.chain = e.next;
      b.count--;
    }
    this.count--;
    if (this.count === 0) {
      this.first = null;
      this.ht = null;
    }
  }

  /** Folded keys in SQLite's iteration order. */
  keys(): string[] {
    const out: string[] = [];
    for (let e = this.first; e !== null; e = e.next) out.push(e.key);
    return out;
  }
}
