// The CLI is bundled like the apps (../../rspack.config.cjs), into one file
// that starts with a #! line, so that dist/apps/cli/main.js runs by itself.
const bundleLikeTheApps = require('../../rspack.config.cjs');

module.exports = (defaults, rspack) => {
  const config = bundleLikeTheApps(defaults, rspack);
  return {
    ...config,
    plugins: [...config.plugins, new rspack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true })],
  };
};
