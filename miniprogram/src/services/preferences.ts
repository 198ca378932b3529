import { createSignal, readStored, STORAGE_KEYS, writeStored } from './storage';

export const preferencesSignal = createSignal();

export function isLargeFont(): boolean {
  return readStored<boolean>(STORAGE_KEYS.largeFont) === true;
}

export function setLargeFont(on: boolean): void {
  writeStored(STORAGE_KEYS.largeFont, on);
  preferencesSignal.emit();
}
