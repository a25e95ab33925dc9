/**
 * Injected into the web bundles for the free `Buffer` of their dependencies: dockerfile-ast checks
 * for a byte order mark with `Buffer.from(char, 'UTF-8')`, and a browser has no Buffer. Only that
 * use is covered: UTF-8 bytes of a string.
 */
export const Buffer = {
  from(text: string, encoding = 'utf-8'): Uint8Array {
    if (!/^utf-?8$/i.test(encoding)) throw new Error(`Bosun's browser Buffer only encodes UTF-8, not ${encoding}`);
    return new TextEncoder().encode(text);
  },
};
