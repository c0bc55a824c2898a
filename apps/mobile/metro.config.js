// Expo's default config already understands npm workspaces (watch folders and node_modules paths
// up to the repository root), so nothing is overridden here.
const { getDefaultConfig } = require('expo/metro-config');

module.exports = getDefaultConfig(__dirname);
