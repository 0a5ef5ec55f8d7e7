// The preset table lives in @clawft/types, so that config loading can tell a slot without a base URL.
export { PROVIDER_PRESETS, type ProviderPreset, presetFor } from '@clawft/types';
