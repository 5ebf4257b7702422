// Loads the app. A file of its own because extension pages forbid inline scripts.
import init from './canarytoken-manager.js';

await init();
