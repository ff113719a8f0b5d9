// Builds the text featuriser bench page (bench/textFeaturesBench.ts builds and previews it through
// vite's JS API): the training bench page's settings (bench/trainPage/vite.config.ts: COOP/COEP, ES
// module workers, es2022), this page's root and output, and the app's production CSP sent as a header.
import path from 'node:path';
import { mergeConfig } from 'vite';
import trainPageConfig from '../trainPage/vite.config.ts';
import { CSP } from '../../vite.config.ts';

export default mergeConfig(trainPageConfig, {
  root: import.meta.dirname,
  preview: { headers: { 'Content-Security-Policy': CSP } },
  build: { outDir: path.resolve(import.meta.dirname, '../out/textPage') },
});
