/** Strings are UTF-8 throughout the crypto suites. */
export function toBytes(data: string | Uint8Array): Buffer {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

export function assertEncryptionKey(key: Uint8Array): void {
  if (key.byteLength !== 32) throw new RangeError('the encryption key must be 32 bytes')
}
