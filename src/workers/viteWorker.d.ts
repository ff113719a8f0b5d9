// Vite's `?worker&url` imports and `import.meta.env`, for the worker build (whose TypeScript config
// does not load vite/client; these match vite/client's declarations, so the app build accepts both).
declare module '*.worker.ts?worker&url' {
  const url: string;
  export default url;
}

interface ImportMetaEnv {
  readonly MODE: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
