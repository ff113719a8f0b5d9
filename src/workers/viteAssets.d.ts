// Vite's `?url` imports, for the worker build (whose TypeScript config does not load vite/client).
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
