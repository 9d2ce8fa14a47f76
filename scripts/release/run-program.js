"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.run = run;
const node_child_process_1 = require("node:child_process");
/**
 * Runs a program with an argument array (never a shell) and a time limit;
 * resolves with its output, rejects with the command and the end of its
 * error output when it fails.
 */
function run(program, args, options) {
    return new Promise((resolve, reject) => {
        (0, node_child_process_1.execFile)(program, [...args], { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
            if (!error) {
                resolve({ stdout, stderr });
                return;
            }
            const how = error.killed ? `was stopped after ${options.timeoutMs} ms` : `failed (${error.code ?? error.message})`;
            const output = `${stderr}${stdout}`.trim().split('\n').slice(-25).join('\n');
            reject(new Error(`${program} ${args.join(' ')} ${how}${output ? `:\n${output}` : ''}`, { cause: error }));
        });
    });
}
