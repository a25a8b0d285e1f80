// The typed API of the backend: one function per Tauri command, generated from the Rust
// command definitions into commands.ts (with the types in bindings.ts and the labels and
// limits in catalog.ts), plus events and dialogs. This folder is the only code that imports
// @tauri-apps; every screen calls these functions instead.

export type * from './bindings';
export * from './commands';
export * from './catalog';
export { ApiError, toApiError, errorsByField } from './errors';
export { setDamagedListener, setLockedListener } from './transport';
export { onProgress, onVaultLocked, type Unsubscribe } from './events';
export { chooseSavePath, chooseOpenPath, chooseFolder, type FileFilter } from './dialogs';
