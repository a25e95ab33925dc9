// The web build embeds an imported `.wasm` file as its bytes (scripts/web-build.mjs, loader `binary`).
declare module '*.wasm' {
  const bytes: Uint8Array;
  export default bytes;
}
