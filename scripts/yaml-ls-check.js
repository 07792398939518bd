// Checks what an editor shows for a YAML file with the schemas of `streamlint schema`: opens the
// file in the YAML language server (the engine of VS Code's YAML extension and most editors'
// YAML support), prints its diagnostics and, given LINE:CHAR (0-based), the completions there.
//
//   npm install -g yaml-language-server      # or set YLS=path/to/bin/yaml-language-server
//   streamlint schema stream > /tmp/stream.schema.json
//   (echo '# yaml-language-server: $schema=/tmp/stream.schema.json'; cat x.stream.yaml) > /tmp/x.stream.yaml
//   node scripts/yaml-ls-check.js /tmp/x.stream.yaml [LINE:CHAR]
//
// A manual check, not part of `cargo test` (it needs node and the npm package).
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const file = path.resolve(process.argv[2]);
const text = fs.readFileSync(file, 'utf8');
const uri = 'file://' + file;
const completeAt = process.argv[3] ? process.argv[3].split(':').map(Number) : null; // line:char (0-based)
const ls = process.env.YLS ? spawn('node', [process.env.YLS, '--stdio']) : spawn('yaml-language-server', ['--stdio']);
let buf = Buffer.alloc(0), id = 0; const pending = {};
function send(msg) { const s = JSON.stringify(Object.assign({ jsonrpc: '2.0' }, msg)); ls.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`); }
function request(method, params) { return new Promise(r => { const i = ++id; pending[i] = r; send({ id: i, method, params }); }); }
ls.stdout.on('data', d => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\r\n\r\n'); if (h < 0) return;
    const len = +/Content-Length: (\d+)/.exec(buf.slice(0, h).toString())[1];
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString()); buf = buf.slice(h + 4 + len);
    if (msg.id && pending[msg.id]) { pending[msg.id](msg.result); delete pending[msg.id]; }
    else if (msg.id && msg.method) { send({ id: msg.id, result: msg.method === 'workspace/configuration' ? msg.params.items.map(() => ({ validate: true, completion: true, hover: true, schemas: {} })) : null }); }
    else if (msg.method === 'textDocument/publishDiagnostics' && msg.params.uri === uri) {
      console.log('DIAGNOSTICS', msg.params.diagnostics.length);
      for (const d of msg.params.diagnostics) console.log(`  ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message.replace(/\n/g, ' | ')}`);
      done();
    }
  }
});
let finished = false;
async function done() {
  if (finished) return; finished = true;
  if (completeAt) {
    const r = await request('textDocument/completion', { textDocument: { uri }, position: { line: completeAt[0], character: completeAt[1] } });
    const items = Array.isArray(r) ? r : (r ? r.items : []);
    console.log('COMPLETIONS', items.map(i => i.label).join(', '));
  }
  ls.kill(); process.exit(0);
}
(async () => {
  await request('initialize', { processId: process.pid, rootUri: 'file://' + path.dirname(file), capabilities: { textDocument: { completion: { completionItem: { snippetSupport: false } } } }, workspaceFolders: null });
  send({ method: 'initialized', params: {} });
  send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: { validate: true, completion: true, schemas: {} } } } });
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
  setTimeout(() => { console.log('TIMEOUT'); done(); }, 15000);
})();
