export { checkProviderKey, type OfflineKeyCheck } from './check-provider-key.js';
export {
  OFFLINE_MODEL,
  OFFLINE_PROVIDER,
  type OfflineModel,
  type StartOfflineModelOptions,
  startOfflineModel,
} from './offline-model.js';
export { OFFLINE_NOTE_PATH, offlineStep } from './offline-script.js';
