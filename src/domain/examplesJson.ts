// Examples as JSON text: the form in which a batch travels from the import worker and rests in
// IndexedDB. Examples are JSON values by construction (the importers only produce JSON), and
// JSON.parse is faster than the structured clone of the same objects, while a string is cloned
// and stored almost as a plain copy — this halves the main thread's share of an import.

declare const brand: unique symbol;
/** `JSON.stringify` of an `Example[]`, branded so that no other string is stored as examples. */
export type ExamplesJson = string & { readonly [brand]: 'ExamplesJson' };

export function encodeExamples(examples: readonly unknown[]): ExamplesJson {
  return JSON.stringify(examples) as ExamplesJson;
}

export function decodeExamples<T = import('./types.ts').Example>(json: ExamplesJson): T[] {
  return JSON.parse(json) as T[];
}

/** `JSON.stringify` of an `ExampleCore[]` (domain/exampleCore.ts): a batch's numbers, beside its full JSON. */
export type CoresJson = string & { readonly [brand]: 'CoresJson' };

export function encodeCores(cores: readonly import('./exampleCore.ts').ExampleCore[]): CoresJson {
  return JSON.stringify(cores) as CoresJson;
}

export function decodeCores(json: CoresJson): import('./exampleCore.ts').ExampleCore[] {
  return JSON.parse(json) as import('./exampleCore.ts').ExampleCore[];
}
