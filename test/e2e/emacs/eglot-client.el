;;; eglot-client.el --- headless Emacs + eglot as a plain LSP client of `node dist/server.js --stdio'
;; Waits for the pushed diagnostics, asks for a hover on one finding and for its code actions, applies the quick
;; fix and waits for the finding to go away. Writes one JSON object to AEL_EMACS_OUT; exit 0 ok, 1 failure.
;; Env: AEL_EMACS_SERVER, AEL_EMACS_FILE, AEL_EMACS_RULE, AEL_EMACS_OUT, AEL_EMACS_TIMEOUT (seconds, default 30).
;; Usage: emacs --batch -Q -l eglot-client.el

;; -Q skips site-lisp: put Debian's elpa-* packages (eglot and the newer project/xref/seq it needs) on load-path.
(dolist (dir (directory-files "/usr/share/emacs/site-lisp/elpa" t "^[a-z]"))
  (add-to-list 'load-path dir))
(require 'eglot)
(require 'json)

(defvar ael-source "aws-encryption-lint")
(defvar ael-rule (getenv "AEL_EMACS_RULE"))
(defvar ael-timeout (string-to-number (or (getenv "AEL_EMACS_TIMEOUT") "30")))
(defvar ael-diagnostics nil "The latest diagnostics pushed for the file (a vector of plists).")

(define-derived-mode ael-yaml-mode prog-mode "AEL-YAML")
(add-to-list 'eglot-server-programs `(ael-yaml-mode . ("node" ,(getenv "AEL_EMACS_SERVER") "--stdio")))
;; A folder outside version control is still a project.
(add-hook 'project-find-functions (lambda (dir) (cons 'transient dir)))
;; eglot's own diagnostics go to flymake, which batch mode never shows: read the notifications directly.
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq ael-diagnostics (plist-get params :diagnostics)))))

(defun ael-finish (result code)
  (with-temp-file (getenv "AEL_EMACS_OUT") (insert (json-encode result) "\n"))
  (kill-emacs code))

(defun ael-wait (predicate what)
  (let ((deadline (+ (float-time) ael-timeout)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (unless (funcall predicate) (error "timed out waiting for %s" what))))

(defun ael-ours ()
  (seq-filter (lambda (d) (equal (plist-get d :source) ael-source)) ael-diagnostics))

(defun ael-find-rule ()
  (seq-find (lambda (d) (equal (format "%s" (plist-get d :code)) ael-rule)) (ael-ours)))

(defun ael-hover-text (contents)
  (cond ((stringp contents) contents)
        ((plist-get contents :value))
        ((vectorp contents) (mapconcat #'ael-hover-text contents "\n"))
        (t (format "%S" contents))))

(condition-case err
    (let ((started (float-time)))
      (find-file (getenv "AEL_EMACS_FILE"))
      (ael-yaml-mode)
      ;; eglot-ensure relies on post-command-hook, which batch mode never runs.
      (apply #'eglot (eglot--guess-contact))
      (ael-wait (lambda () (ael-find-rule)) "diagnostics")
      (let* ((first-ms (round (* 1000 (- (float-time) started))))
             (server (eglot-current-server))
             (target (ael-find-rule))
             (initial (ael-ours))
             (range (plist-get target :range))
             (hover (jsonrpc-request server :textDocument/hover
                                     (list :textDocument (eglot--TextDocumentIdentifier)
                                           :position (plist-get range :start))))
             (actions (jsonrpc-request server :textDocument/codeAction
                                       (list :textDocument (eglot--TextDocumentIdentifier) :range range
                                             :context (list :diagnostics (vector target) :only ["quickfix"]))))
             (fix (seq-find (lambda (a) (and (plist-get a :edit)
                                             (not (string-match-p "^\\(Suppress\\|Show documentation\\) "
                                                                  (plist-get a :title)))))
                            actions)))
        (unless fix (error "no quick fix with an edit among %S" (mapcar (lambda (a) (plist-get a :title)) actions)))
        (eglot--apply-workspace-edit (plist-get fix :edit))
        (eglot--signal-textDocument/didChange)
        (ael-wait (lambda () (and (ael-ours) (not (ael-find-rule)))) "the fixed finding to disappear")
        (let ((result (list :ok t :emacs emacs-version
                            :first_diagnostics_ms first-ms
                            :diagnostics (vconcat (mapcar (lambda (d) (list :rule (format "%s" (plist-get d :code))
                                                                            :line (1+ (plist-get (plist-get (plist-get d :range) :start) :line))))
                                                          initial))
                            :hover (ael-hover-text (plist-get hover :contents))
                            :code_actions (vconcat (mapcar (lambda (a) (plist-get a :title)) actions))
                            :applied (plist-get fix :title)
                            :diagnostics_after_fix (length (ael-ours))
                            :buffer_after_fix (buffer-substring-no-properties (point-min) (point-max)))))
          (set-buffer-modified-p nil)
          (ignore-errors (eglot-shutdown server))
          (ael-finish result 0))))
  (error (ael-finish (list :ok :json-false :error (format "%S" err)) 1)))
