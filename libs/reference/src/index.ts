export * from './regions';
export * from './designations';
export * from './uscc';
export * from './instruments';
