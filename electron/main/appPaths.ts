import { join } from 'node:path';

export interface AppPaths {
  /** The preload bundle, loaded by the window. */
  preload: string;
  /** The renderer build, served as app://bundle/. */
  rendererDir: string;
  /** resources/ (the bundled examples), read through the services at run time. */
  resourcesDir: string;
}

/**
 * Where the app finds its own files. `mainDir` is the folder of the running main bundle (out/main,
 * inside app.asar once packaged). A packaged app keeps resources/ outside the asar, in Electron's
 * resources folder: electron-builder.yml's extraResources puts it there (electron/main/packaging.test.ts).
 */
export function appPaths(mainDir: string, packaged: { resourcesPath: string } | null): AppPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'index.js'),
    rendererDir: join(mainDir, '..', 'renderer'),
    resourcesDir: packaged ? join(packaged.resourcesPath, 'resources') : join(mainDir, '..', '..', 'resources'),
  };
}
