export interface ZipInput {
  name: string;
  data?: Buffer | string;
  /** 0 stored, 8 deflate (default for non-empty files). */
  method?: 0 | 8;
  /** Marks the entry as a Unix symbolic link. */
  symlink?: boolean;
  /** Overrides the recorded CRC-32 (damaged-entry tests). */
  crc?: number;
  /** Overrides the recorded uncompressed size. */
  size?: number;
}
export function zipEntries(entries: ZipInput[]): Buffer;
