// The app's version as written into exported files (calibrator manifests). Kept equal to
// package.json's "version" by appVersion.test.ts, so no build step has to inject it. Pure.
export const APP_VERSION = '0.1.0';
