-- Headless Neovim (0.7+) as a plain LSP client of `node dist/server.js --stdio`: waits for diagnostics, asks for a
-- hover on a finding, asks for the code actions of one finding, applies the quick fix and waits for that finding to
-- go away. Writes one JSON object to AEL_NVIM_OUT and exits 0, or 1 (:cquit) on failure.
-- Env: AEL_NVIM_SERVER (server script), AEL_NVIM_FILE (template), AEL_NVIM_RULE (rule id to fix), AEL_NVIM_OUT,
--      AEL_NVIM_TIMEOUT_MS.
local server = assert(os.getenv('AEL_NVIM_SERVER'), 'AEL_NVIM_SERVER unset')
local file = assert(os.getenv('AEL_NVIM_FILE'), 'AEL_NVIM_FILE unset')
local rule = assert(os.getenv('AEL_NVIM_RULE'), 'AEL_NVIM_RULE unset')
local outpath = assert(os.getenv('AEL_NVIM_OUT'), 'AEL_NVIM_OUT unset')
local timeout = tonumber(os.getenv('AEL_NVIM_TIMEOUT_MS') or '30000')
local SOURCE = 'aws-encryption-lint'

local v = vim.version()
local result = { ok = false, nvim = v.major .. '.' .. v.minor .. '.' .. v.patch }

local function finish(code)
  -- stdout can carry nvim's own messages, so the JSON goes to a file.
  local f = assert(io.open(outpath, 'w'))
  f:write(vim.fn.json_encode(result), '\n')
  f:close()
  if code == 0 then vim.cmd('qall!') else vim.cmd('cquit ' .. code) end
end

local function ours(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == SOURCE then table.insert(found, d) end
  end
  return found
end

local function rule_of(d)
  local lsp = d.user_data and d.user_data.lsp
  local code = (lsp and lsp.code) or d.code
  return code and tostring(code) or ''
end

local function hover_text(contents)
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, type(c) == 'string' and c or c.value) end
  return table.concat(parts, '\n')
end

local ok, err = pcall(function()
  local started = vim.loop.hrtime()
  local client_id = vim.lsp.start_client({
    name = SOURCE,
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function(code, signal) result.server_exit = { code = code, signal = signal } end,
  })
  assert(client_id, 'start_client failed')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')

  -- 1. push diagnostics (Neovim 0.7 has no pull diagnostics)
  assert(vim.wait(timeout, function() return #ours(bufnr) > 0 end, 20), 'timed out waiting for diagnostics')
  result.first_diagnostics_ms = math.floor((vim.loop.hrtime() - started) / 1e6)
  result.diagnostics = {}
  local target
  for _, d in ipairs(ours(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, { line = d.lnum + 1, col = d.col + 1, severity = d.severity, rule = rule_of(d),
      href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL })
    if rule_of(d) == rule then target = d end
  end
  assert(target, 'no diagnostic for ' .. rule)

  local client = vim.lsp.get_client_by_id(client_id)
  local tdp = vim.lsp.util.make_text_document_params(bufnr)

  -- 2. hover on the finding
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover',
    { textDocument = tdp, position = { line = target.lnum, character = target.col } }, timeout)
  for _, r in pairs(hover or {}) do
    if r.error then error('hover error: ' .. vim.inspect(r.error)) end
    if r.result then result.hover = hover_text(r.result.contents) end
  end
  assert(result.hover, 'no hover result')

  -- 3. code actions for the finding; apply its quick fix
  -- Neovim keeps only part of the LSP diagnostic in user_data; this converts the line's diagnostics back whole
  -- (range, message, source, code and the data that carries the fix).
  local lsp_diag
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum)) do
    if d.source == SOURCE and tostring(d.code) == rule then lsp_diag = d end
  end
  assert(lsp_diag and lsp_diag.data, 'the diagnostic came back without its LSP data')
  local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = tdp, range = lsp_diag.range, context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  }, timeout)
  result.code_actions = {}
  local fix
  for _, r in pairs(actions or {}) do
    if r.error then error('codeAction error: ' .. vim.inspect(r.error)) end
    for _, a in ipairs(r.result or {}) do
      table.insert(result.code_actions, a.title)
      local is_meta = a.title:match('^Suppress') or a.title:match('^Show documentation')
      if not fix and a.edit and not is_meta then fix = a end
    end
  end
  assert(fix, 'no quick fix with an edit among ' .. vim.inspect(result.code_actions))
  result.applied = fix.title
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')
  local gone = vim.wait(timeout, function()
    local still = false
    for _, d in ipairs(ours(bufnr)) do if rule_of(d) == rule then still = true end end
    return not still
  end, 20)
  assert(gone, rule .. ' still reported after applying "' .. fix.title .. '"')
  result.diagnostics_after_fix = #ours(bufnr)
  result.buffer_after_fix = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)

  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return result.server_exit ~= nil end, 20)
  result.ok = true
end)
if not ok then result.error = tostring(err); finish(1) else finish(0) end
