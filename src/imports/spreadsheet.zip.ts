import { inflateRawSync } from 'node:zlib';

/*
 * An XLSX file is a zip archive. Its central directory, at the end, says how big each file in it
 * unpacks to: read that before anything is inflated, so a small upload that unpacks to hundreds of
 * megabytes is refused for the price of reading a few hundred bytes.
 */

export interface ZipEntry {
  name: string;
  /** 0: stored as it is; 8: deflated. */
  method: number;
  packedBytes: number;
  unpackedBytes: number;
  /** Where the entry's local header starts. */
  offset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** A ZIP64 archive marks its sizes and counts with all ones; no action plan needs one. */
const ZIP64 = 0xffffffff;

/** The archive's entries as its central directory declares them; undefined when it is not a zip we can read. */
export function zipEntries(archive: Buffer): ZipEntry[] | undefined {
  // The end record is 22 bytes plus a comment of up to 65,535.
  const searchFrom = Math.max(0, archive.length - 22 - 0xffff);
  let end = -1;
  for (let at = archive.length - 22; at >= searchFrom; at--) {
    if (archive.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return undefined;
  const count = archive.readUInt16LE(end + 10);
  let at = archive.readUInt32LE(end + 16);
  if (count === 0xffff || at === ZIP64) return undefined;
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > archive.length || archive.readUInt32LE(at) !== DIRECTORY_ENTRY) return undefined;
    const nameLength = archive.readUInt16LE(at + 28);
    const entry = {
      method: archive.readUInt16LE(at + 10),
      packedBytes: archive.readUInt32LE(at + 20),
      unpackedBytes: archive.readUInt32LE(at + 24),
      offset: archive.readUInt32LE(at + 42),
      name: archive.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.packedBytes === ZIP64 || entry.unpackedBytes === ZIP64 || entry.offset === ZIP64) return undefined;
    entries.push(entry);
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * An entry's content, never more than it declared: a zip whose directory understates what an
 * entry unpacks to throws (RangeError) once the declared size is passed, not after inflating it all.
 */
export function unpackEntry(archive: Buffer, entry: ZipEntry): Buffer {
  const local = entry.offset;
  if (local + 30 > archive.length || archive.readUInt32LE(local) !== LOCAL_HEADER)
    throw new RangeError(`${entry.name}: no local header`);
  const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
  const packed = archive.subarray(start, start + entry.packedBytes);
  if (entry.method === 0) {
    if (packed.length !== entry.unpackedBytes) throw new RangeError(`${entry.name}: stored size differs`);
    return packed;
  }
  if (entry.method !== 8) throw new RangeError(`${entry.name}: unknown compression`);
  // maxOutputLength must be at least 1.
  const unpacked = inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.unpackedBytes) });
  if (unpacked.length !== entry.unpackedBytes) throw new RangeError(`${entry.name}: unpacked size differs`);
  return unpacked;
}
