import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a backup says about itself: written beside its files as manifest.json. */
export interface Manifest {
  format: 1;
  hubVersion: string;
  /** The latest migration applied to the database the backup was taken from. */
  schemaVersion: string;
  database: 'pglite' | 'postgres';
  takenAt: string;
  encrypted: boolean;
  files: { name: string; bytes: number; sha256: string }[];
  /** Rows per table, counted in the same snapshot as the dump. */
  rowCounts: Record<string, number>;
  verification?: Verification;
}

export interface Verification {
  ok: boolean;
  at: string;
  /** What was compared after restoring into a scratch database. */
  checked: string[];
  problems: string[];
}

export class BackupRefusal extends Error {}

export const MANIFEST = 'manifest.json';

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function readManifest(dir: string): Manifest {
  try {
    return JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    throw new BackupRefusal(`${dir} is not a backup: it has no readable ${MANIFEST}.`);
  }
}

export function writeManifest(dir: string, manifest: Manifest): void {
  writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
}

/** A backup's file, after its checksum is checked against the manifest: a changed file is never restored. */
export function readCheckedFile(dir: string, manifest: Manifest, name: string): Buffer {
  const entry = manifest.files.find((file) => file.name === name);
  if (!entry) throw new BackupRefusal(`The manifest does not list ${name}.`);
  const data = readFileSync(path.join(dir, name));
  if (sha256(data) !== entry.sha256) {
    throw new BackupRefusal(`${name} does not match its checksum in the manifest: the backup was changed or damaged.`);
  }
  return data;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** BACKUP_KEY: 32 bytes written in base64 (`openssl rand -base64 32`). */
export function parseBackupKey(raw: string): Buffer {
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('BACKUP_KEY must be 32 bytes written in base64 (openssl rand -base64 32)');
  return key;
}

/** AES-256-GCM: the stored file is the nonce, the ciphertext and the tag, so a wrong key or a change is found. */
export function encrypt(data: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function decrypt(data: Buffer, key: Buffer | undefined): Buffer {
  if (!key) throw new BackupRefusal('This backup is encrypted: set BACKUP_KEY to the key it was taken with.');
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new BackupRefusal('BACKUP_KEY does not open this backup: it was taken with another key.');
  }
}

export interface BackupListing {
  name: string;
  dir: string;
  bytes: number;
  manifest: Manifest;
}

/** Finished backups, newest first. A folder being written has no manifest yet and is left out. */
export function listBackups(backupDir: string): BackupListing[] {
  let names: string[];
  try {
    names = readdirSync(backupDir);
  } catch {
    return [];
  }
  const listings: BackupListing[] = [];
  for (const name of names.filter((n) => n.startsWith('hub-'))) {
    const dir = path.join(backupDir, name);
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
      const bytes = manifest.files.reduce((sum, file) => sum + statSync(path.join(dir, file.name)).size, 0);
      listings.push({ name, dir, bytes, manifest });
    } catch {
      /* not a finished backup */
    }
  }
  return listings.sort((a, b) => b.manifest.takenAt.localeCompare(a.manifest.takenAt));
}
