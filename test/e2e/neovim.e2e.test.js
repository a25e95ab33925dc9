'use strict';
/**
 * Another editor: Debian's Neovim (0.7.2; installed by test/e2e/setup.sh), headless, with exactly the
 * configuration the README gives (the block between its `neovim-0.7` markers), and
 * `bosun-language-server` on PATH as an npm install would put it (a link to dist/server.js). It opens
 * a Dockerfile and a Compose file, receives Bosun's diagnostics for both, asks for code actions and
 * applies the Dockerfile's Add USER fix.
 */
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./lib');

const NVIM = process.env.E2E_NVIM || '/usr/bin/nvim';
const SERVER = path.join(ROOT, 'dist/server.js');

/** The Lua block of the README's Neovim 0.7 setup. */
function readmeConfig() {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- neovim-0\.7:start -->\s*```lua\n([\s\S]*?)```\s*<!-- neovim-0\.7:end -->/.exec(readme);
  assert.ok(m, 'README has the Neovim 0.7 block');
  return m[1];
}

// Runs inside Neovim after the README's config: open each file, wait for Bosun's diagnostics, list the
// code actions on the first finding, apply the Dockerfile's Add USER fix, write what happened as JSON.
const PROBE = `
local out = {}
local function probe(file, want_code, fix_title)
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local function codes()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = d.user_data and d.user_data.lsp or {}
      table.insert(list, d.code or lsp.code)
    end
    return list
  end
  vim.wait(30000, function() return vim.tbl_contains(codes(), want_code) end, 50)
  local r = { filetype = vim.bo[buf].filetype, codes = codes(), clients = {}, actions = {} }
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(r.clients, c.name) end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    if (d.code or lsp.code) == want_code then
      r.source = d.source
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
        context = { diagnostics = {} },
      }
      local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 15000) or {}
      for _, resp in pairs(responses) do
        for _, action in ipairs(resp.result or {}) do
          table.insert(r.actions, action.title)
          if fix_title and action.title == fix_title and action.edit then
            vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
            r.applied = true
          end
        end
      end
      break
    end
  end
  r.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\\n')
  out[file] = r
end
probe('Dockerfile', 'DF001', 'Add USER app (created with addgroup/adduser)')
probe('compose.yaml', 'DC001')
vim.fn.writefile({ vim.fn.json_encode(out) }, os.getenv('BOSUN_NVIM_OUT'))
vim.cmd('qa!')
`;

test('Neovim (headless, the README config) gets Bosun’s diagnostics and code actions for a Dockerfile and a Compose file', { timeout: 120_000 }, async (t) => {
  assert.ok(fs.existsSync(NVIM), `${NVIM} missing — run \`bash test/e2e/setup.sh\``);
  assert.ok(fs.existsSync(SERVER), `${SERVER} missing — run \`npm run build\``);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bosun-nvim-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const ws = path.join(root, 'workspace');
  const bin = path.join(root, 'bin');
  fs.mkdirSync(ws, { recursive: true });
  fs.mkdirSync(bin);
  // As `npm install -g` would: the bin is a link to the server bundle (executable, with a shebang).
  fs.symlinkSync(SERVER, path.join(bin, 'bosun-language-server'));
  fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM alpine:3.22\nRUN apk add --no-cache curl\nCMD ["/app/server"]\n');
  fs.writeFileSync(path.join(ws, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n');
  const init = path.join(root, 'init.lua');
  fs.writeFileSync(init, readmeConfig());
  fs.writeFileSync(path.join(root, 'probe.lua'), PROBE);
  const out = path.join(root, 'out.json');
  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    BOSUN_NVIM_OUT: out,
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_DATA_HOME: path.join(root, 'data'),
    XDG_STATE_HOME: path.join(root, 'state'),
    XDG_CACHE_HOME: path.join(root, 'cache'),
  };
  const { stdout, stderr } = await new Promise((resolve, reject) => {
    execFile(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', init, '-c', `luafile ${path.join(root, 'probe.lua')}`], { cwd: ws, env, timeout: 90_000 }, (err, so, se) => {
      if (err && !fs.existsSync(out)) reject(new Error(`nvim failed: ${err.message}\n${so}\n${se}`));
      else resolve({ stdout: so, stderr: se });
    });
  });
  assert.ok(fs.existsSync(out), `nvim wrote no result:\n${stdout}\n${stderr}`);
  const r = JSON.parse(fs.readFileSync(out, 'utf8'));
  t.diagnostic(JSON.stringify({ Dockerfile: { ...r.Dockerfile, text: undefined }, compose: { ...r['compose.yaml'], text: undefined } }));

  const df = r.Dockerfile;
  assert.equal(df.filetype, 'dockerfile');
  assert.deepEqual(df.clients, ['bosun']);
  assert.equal(df.source, 'bosun');
  assert.ok(df.codes.includes('DF001'), JSON.stringify(df.codes));
  assert.ok(df.actions.includes('Add USER app (created with addgroup/adduser)'), JSON.stringify(df.actions));
  assert.ok(df.actions.includes('Ignore DF001 for this line'));
  assert.equal(df.applied, true);
  assert.equal(df.text, 'FROM alpine:3.22\nRUN apk add --no-cache curl\nRUN addgroup -S app && adduser -S -G app app\nUSER app\nCMD ["/app/server"]');

  const compose = r['compose.yaml'];
  assert.equal(compose.filetype, 'yaml');
  assert.deepEqual(compose.clients, ['bosun']);
  assert.ok(compose.codes.includes('DC001'), JSON.stringify(compose.codes));
  assert.ok(
    compose.actions.some((a) => /privileged/.test(a)),
    JSON.stringify(compose.actions),
  );
});
