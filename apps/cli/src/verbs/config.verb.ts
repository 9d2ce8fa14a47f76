import { UsageError } from '../cli.errors.js';
import { configLocation, readConfig, saveConfig } from '../config/cli-config.js';
import { formatFields } from '../output/fields.js';
import { defineVerb } from './verb.js';

const FILE_RULE =
  'The config file is $TINYSTACK_CONFIG, else ${XDG_CONFIG_HOME:-~/.config}/tinystack/config.json: ' +
  '{"url": "...", "token": "..."} (tinystack login adds the token\'s id and username), readable by its owner only ' +
  '(0600). --url and --token, then TINYSTACK_URL and TINYSTACK_TOKEN, win over it, each on its own.';

export const configShowVerb = defineVerb({
  name: 'config show',
  section: 'This tool',
  summary: 'Which manager the CLI talks to, and where that comes from (also: tinystack config)',
  description: [
    'The manager address and where it comes from (a flag, the environment or the config file), whether a token ' +
      'is set and from where (never the token itself), and the config file.',
    FILE_RULE,
  ],
  async run(call) {
    const location = configLocation(call.env);
    const config = readConfig(location.file);
    let url: string | null = null;
    let urlFrom: string | null = null;
    let tokenFrom: string | null = null;
    let problem: string | null = null;
    try {
      const connection = call.connection();
      ({ url, urlFrom, tokenFrom } = connection);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problem = error.message;
    }
    const fileState =
      config.state === 'missing' ? 'missing' : config.state === 'unusable' ? config.problem : `mode ${config.mode.toString(8).padStart(4, '0')}`;
    if (call.json) return call.out.json({ url, urlFrom, tokenSet: tokenFrom !== null, tokenFrom, configFile: location.file, configFileState: fileState, problem });
    const source = (from: string | null) => (from === location.file ? 'the config file' : from);
    call.out.line(
      formatFields(
        [
          ['Manager', url ? `${url} (from ${source(urlFrom)})` : 'none'],
          ['Token', tokenFrom ? `set (from ${source(tokenFrom)})` : 'none'],
          ['Config file', `${location.file} (${fileState})`],
          ...(problem ? ([['Problem', problem]] as Array<[string, string]>) : []),
        ],
        call.out.width,
      ),
    );
  },
});

export const configSaveVerb = defineVerb({
  name: 'config save',
  section: 'This tool',
  summary: 'Save the manager address and token in the config file',
  description: [
    'Saves the address and token given with --url and --token (or TINYSTACK_URL and TINYSTACK_TOKEN) in the ' +
      'config file, so that later commands need neither. The file is replaced whole, through a rename, readable ' +
      'by you only. With --keep-other, a config file that points at another manager is left as it is (npm start ' +
      'saves its local manager this way), and so is one that holds the token of tinystack login.',
    FILE_RULE,
  ],
  options: {
    'keep-other': { type: 'boolean', description: 'Leave a config file that points at another manager as it is' },
  },
  examples: ['export TINYSTACK_TOKEN="$(cat manager-token)"', 'tinystack --url http://10.0.0.2:8080 config save'],
  async run(call) {
    const connection = call.connection();
    const location = configLocation(call.env);
    if (connection.urlFrom === location.file && connection.tokenFrom === location.file) {
      throw new UsageError('nothing to save: give --url and --token, or TINYSTACK_URL and TINYSTACK_TOKEN', 'config save');
    }
    if (call.flag('keep-other')) {
      const existing = readConfig(location.file);
      const other =
        existing.state === 'unusable'
          ? existing.problem
          : existing.state === 'read' && existing.saved.url !== undefined && existing.saved.url.replace(/\/+$/, '') !== connection.url
            ? `it points at another manager, ${existing.saved.url}`
            : existing.state === 'read' && existing.saved.tokenId !== undefined && existing.saved.token !== undefined
              ? `it holds the sign-in of tinystack login${existing.saved.username ? ` (${existing.saved.username})` : ''}; tinystack logout ends it`
              : null;
      if (other) {
        call.out.line(`Left ${location.file} as it is: ${other}. To use ${connection.url} instead: tinystack --url ${connection.url} --token ... config save`);
        return;
      }
    }
    saveConfig(location, { url: connection.url, token: connection.token });
    call.out.line(`Saved ${connection.url} and its token in ${location.file}.`);
  },
});
