// Moved to the settings area (the id lives in the settings table); kept so callers outside this
// change keep compiling until they import from there.
export * from '../settings/installation-identity.ts';
