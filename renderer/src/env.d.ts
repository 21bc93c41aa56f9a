/// <reference types="vite/client" />
import type { Transport } from '@shared/api/client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    bringup?: Transport & { pathForFile(file: File): string };
  }
}
